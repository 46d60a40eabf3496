// `runbook check FILE [--json] [--preflight]`: what runbook understood of a checklist,
// and with --preflight whether a run could start here. Never needs a TTY or the UI.

import type { Target } from '../runbook/model';
import { InputError } from '../errors';
import { loadRunbookCached } from './load-cached';
import { checkJson } from './check-json';
import { formatCheck } from './check-format';
import { keptStatements, targetNeeds } from './check-needs';
import type { Env } from './preflight';
import { terminalJson, visible, visibleLine } from '../run/terminal-text';

export interface CheckArgs {
  file: string;
  json: boolean;
  preflight: boolean;
}

export interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface CheckDeps {
  /** The environment preflight looks at (PATH, HOME, RUNBOOK_HOME, XDG_DATA_HOME). */
  env?: Env;
  /** Tries one target; a message when it cannot connect, null when it can. */
  checkTarget?: (target: Target) => Promise<string | null>;
}

/** Exit code: 0 understood, 1 a preflight finding failed, 2 the file is not a usable runbook. */
export async function checkCommand(args: CheckArgs, io: CheckIo, deps: CheckDeps = {}): Promise<number> {
  let loaded;
  try {
    loaded = await loadRunbookCached(args.file, deps.env ?? process.env);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${visibleLine(error.message)}\n`);
      return 2;
    }
    throw error;
  }

  const { runbook } = loaded;
  // The environment's part is found now; the destructive statements come with the parse
  // (found again only for an entry kept without them).
  const targets = targetNeeds(runbook, deps.env ?? process.env);
  const statementsOf = keptStatements(runbook, loaded.destructive) ?? (await import('./destructive-statements')).destructiveStatements;
  // What the file says is shown, never obeyed by the terminal.
  if (args.json) io.stdout(`${terminalJson(JSON.stringify(checkJson(runbook, targets, statementsOf), null, 2))}\n`);
  else io.stdout(visible(formatCheck(runbook, targets, statementsOf, { preflight: args.preflight })));
  if (!args.preflight) return 0;

  // Loaded only here: preflight pulls in execa (ssh-keygen), tens of ms a plain check never needs.
  const { formatFinding, preflight } = await import('./preflight');
  // cli.tsx passes its environment; a direct caller gets the process's.
  const findings = await preflight(runbook, { env: deps.env ?? process.env, ...(deps.checkTarget ? { checkTarget: deps.checkTarget } : {}) });
  // With --json, stdout stays one JSON document; the findings go to stderr.
  const say = args.json ? io.stderr : io.stdout;
  say(visible(`${args.json ? '' : '\nPreflight\n'}${findings.map(formatFinding).join('\n')}\n`));
  return findings.some((f) => f.verdict === 'FAIL') ? 1 : 0;
}
