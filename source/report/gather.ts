// What the report needs beyond the replayed run, read from the journal file: output
// excerpts, the chain and anchor checks, events set aside as unreadable, and each
// sign-off's chain head and SSH signature checked.

import { anchorSummary, type RecordedRun } from '../controller';
import { withoutFrontMatter } from '../runbook/front-matter-fences';
import { parseRunbook } from '../runbook/parse';
import type { Runbook } from '../runbook/model';
import type { ReportSources } from './build';
import { attemptExcerpt, excerpt } from './excerpt';
import { stepAttempts } from '../run/attempts';
import type { OutputExcerpt } from './model';

function excerpts(run: RecordedRun): Record<string, OutputExcerpt> {
  const out: Record<string, OutputExcerpt> = {};
  for (const [id, step] of Object.entries(run.state.steps)) {
    if (step.outputLines <= 0) continue;
    // The latest attempt's lines are the step's last `outputLines` lines.
    const lines = run.outputLines(id, step.outputLines);
    out[id] = excerpt(lines, step.outputLines);
  }
  return out;
}

/** Each attempt's output excerpt (`report`, `show`), in the order run/attempts.ts lists a step's attempts. */
export function attemptExcerpts(run: RecordedRun): Record<string, (OutputExcerpt | null)[]> {
  const out: Record<string, (OutputExcerpt | null)[]> = {};
  for (const [step, attempts] of stepAttempts(run.events)) {
    out[step] = attempts.map((a) => {
      const chunks = a.chunks;
      if (chunks === null || a.outputLines <= 0) return null;
      return attemptExcerpt(a.outputLines, (take) => run.outputRange(step, chunks, take));
    });
  }
  return out;
}

/** The runbook parsed again from the run's own copy of its text (null, and why, when it cannot be). */
export function rereadRunbook(run: RecordedRun): { runbook: Runbook | null; problem: string | null } {
  const { source, runbook } = run.state;
  const options = { file: runbook.file, sha256: runbook.sha256 };
  try {
    return { runbook: parseRunbook(source, options), problem: null };
  } catch (error) {
    // Redaction in the journal can leave the front matter unreadable (`secret: true` is
    // written as `secret: [REDACTED]`); the steps themselves are still there to show.
    const body = withoutFrontMatter(source);
    if (body !== null) {
      try {
        return { runbook: parseRunbook(body, options), problem: null };
      } catch {
        // fall through: report the first problem
      }
    }
    return { runbook: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

export async function gatherReport(run: RecordedRun, now: Date): Promise<ReportSources> {
  const chain = run.verifyChain();
  const { runbook, problem } = rereadRunbook(run);
  return {
    journal: run.path,
    runId: run.runId,
    now,
    events: run.events,
    state: run.state,
    runbook,
    runbookProblem: problem,
    excerpts: excerpts(run),
    attemptExcerpts: attemptExcerpts(run),
    chain,
    anchor: anchorSummary(run.verifyAnchor()),
    unreadable: run.unreadable,
    signedHeadsInJournal: run.state.signoffs.map((so) => !so.refused && run.signedHeadHolds(so)),
    signatures: await Promise.all(run.state.signoffs.map((so) => run.checkSignature(so))),
  };
}
