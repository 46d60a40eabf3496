// `runbook report JOURNAL --format json`: the same content as the Markdown report, as data.
// The shape is the Report type of model.ts (stable; documented in the README):
//
//   { "format": "runbook-report", "version": 1, "generatedAt", "journal", "runId",
//     "runbook": { "title", "file", "sha256",
//                  "changes": [{ "at", "sha256", "changed", "added", "removed",
//                                "accepted"?, "details"?, "relaxed"?, "keptStrict"?, "targets"? }], "problem" },
//     "run": { "state": "in_progress|monitoring|completed|completed_with_failures|aborted",
//              "failures": [{ "kind": "step|comparison", "step", "title", "why" }], "rehearsal", "operator", "operators",
//              "startedAt", "endedAt", "endReason", "paused": { "reason", "at" }|null,
//              "counts": { status: n }, "open" },
//     "sessions": [{ "at", "kind": "started|resumed|handover|lock-takeover|lease-takeover", "operator", "from",
//                    "user", "sudoUser", "host", "sshClient", "tmux", "screen", "pid" }],
//     "targets": [{ "name", "kind", "location" }],
//     "phases": [{ "id", "title", "steps": [step] }],
//     "plans":  [{ "id", "title", "steps": [step], "leftAt",
//                  "entered": [{ "at", "by", "from", "fromTitle", "how": "tree|on purpose", "tree",
//                                "path": [{ "question", "answer" }], "reason" }] }],
//     "inputs": [{ "name", "step", "value" /* null when secret */, "secret", "by", "at" }],
//     "captures": [{ "name", "step", "stepTitle", "at", "digest",
//                    "resultSets": [{ "statement", "command", "columns", "rows", "rowCount", "omitted"?, "digest"? }] }],
//     "comparisons": [{ "name", "step", "stepTitle", "at", "passed", "summary", "baselineDigest",
//                       "digest", "againstCapture",
//                       "resultSets": [{ "statement", "keyColumn", "passed", "notes", "unchangedOmitted",
//                                        "notRemeasured", "rows": [{ "key", "column", "before", "after",
//                                        "delta", "status", "passed" }] }] }],
//     "baselineValues": [{ "line", "capture", "comparedAt", "rows": [{ "metric", "pre", "post", "status" }] }],
//     "decisions": [{ "at", "by", "step", "stepTitle", "tree", "path": [{ "question", "answer" }],
//                     "leadsTo": { "kind", "id", "title" }, "reason" }],
//     "signoffs": [{ "step", "role", "name", "at", "refused", "chainHead", "chainHeadInJournal",
//                    "statement", "signature": { "keyFingerprint", "valid", "problem" }|null,
//                    "note", "sameKeyAs": [role] }],
//     "scheduled": [{ "step", "title", "dueAt", "status", "overdue" }],
//     "chain": { "valid", "events", "head", "problem": { "seq", "reason" }|null,
//                "anchor": { "status": "none|matches|ahead|missing|unreadable|behind|rewritten",
//                            "holds", "events", "head", "message" } },
//     "unreadableEvents": [{ "seq", "type", "reason" }] }
//
//   step = { "id", "number", "kind", "title", "section", "description", "line",
//            "status": "pending|running|passed|failed|skipped|interrupted|done|rehearsed", "mark", "by",
//            "startedAt", "endedAt", "durationMs", "attempts", "exitCode", "error",
//            "history": [{ "number", "state": "running|passed|failed|done|interrupted", "mark",
//                          "startedAt", "endedAt", "durationMs", "exitCode", "signal", "error",
//                          "notes", "command", "output": { "lines", "head", "tail", "omitted" }|null }],
//            "command": { "language": "bash|sql", "text", "edited", "ran" }|null,
//            "output": { "lines", "head", "tail", "omitted" }|null,
//            "expectation": { "text", "result": "passed|failed|manual|not checked" }|null,
//            "notes", "skipReason", "practised", "subChecks", "estimate",
//            "input": { "name", "value", "secret" }|null, "role",
//            "decision": { "path": [{ "question", "answer" }], "leadsTo": { "kind", "id", "title" }, "reason" }|null,
//            "dueAt", "changedDuringRun" }
//
// Times are ISO-8601 UTC. Unlike the Markdown, captured result sets keep every row.

import type { Report } from './model';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
