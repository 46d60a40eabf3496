// `runbook demo [--plain] [--operator NAME]`: a practice deployment that needs nothing but the install. It
// makes a sandbox (a copy of runbooks/demo.md and a small SQLite governance database),
// runs it exactly as `runbook run` would, and ends with the report's path.

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors';
import { ensurePrivateDir, journalDir } from '../journal/paths';
import type { CommandContext } from './context';
import { createDemoDatabase } from './demo-db';
import { reportCommand } from './report';
import { runRecorded } from './run';
import { whole, wrapText } from '../wrap';

/**
 * runbooks/demo.md as installed. The bundle puts this code in dist/chunks/ (or, inlined,
 * in dist/cli.js); from source it is source/commands/: the runbooks/ folder sits beside
 * dist/ and source/ in the repository and in an npm install alike.
 */
export function demoRunbookPath(): string {
  const candidates = ['../../runbooks/demo.md', '../runbooks/demo.md'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the demo runbook is missing from this install (looked for ${candidates.join(' and ')})`);
  return found;
}

/**
 * A new sandbox beside the journals directory (the user's own data, never the cwd), made here (0700): the first free of
 * `<stamp>`, `<stamp>-2`, … Made, not merely found free, so two demos started in the same
 * second (two panes) never share one.
 */
export function claimDemoSandbox(env: Record<string, string | undefined>, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const parent = join(dirname(journalDir(env)), 'demo');
  ensurePrivateDir(parent);
  for (let n = 1; ; n++) {
    const path = join(parent, n === 1 ? stamp : `${stamp}-${n}`);
    try {
      mkdirSync(path, { mode: 0o700 });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export async function demoCommand(ctx: CommandContext, args: { plain: boolean; operator: string | undefined } = { plain: false, operator: undefined }): Promise<number> {
  // Before anything is made on disk: a demo that cannot be driven should leave nothing behind.
  if (!args.plain && !ctx.isTTY) throw new UsageError('demo needs a terminal; add --plain to run it line by line from a pipe or script');
  const now = new Date();
  const sandbox = claimDemoSandbox(ctx.env, now);
  ensurePrivateDir(sandbox);
  const file = join(sandbox, 'demo.md');
  copyFileSync(demoRunbookPath(), file);
  createDemoDatabase(join(sandbox, 'demo.db'));

  ctx.stdout(
    wrapText(
      [
        'runbook demo: a practice deployment in a sandbox, about five minutes.',
        ['  sandbox  ', whole(sandbox)],
        '  It holds a copy of the demo runbook and a small SQLite governance database; nothing else on this machine is touched. One step fails on purpose, to show the rollback path.',
      ],
      ctx.columns(),
    ),
  );
  // Its journal goes where every run's goes, named as any run's is (two demos started together get one each).
  const { exitCode: code, journal } = await runRecorded(ctx, { file, journal: undefined, targets: [], operator: args.operator, rehearse: false, plain: args.plain });

  const report = join(sandbox, 'report.md');
  await reportCommand({ ...ctx, stderr: () => undefined }, { journal, format: 'md', output: report });
  ctx.stdout(
    wrapText(
      [
        '',
        ["The demo's report (the filled-in checklist):", whole(report)],
        ['Its journal:', whole(journal)],
        ['  ', whole(`runbook show ${journal}`)],
        ['  ', whole(`runbook verify ${journal}`)],
      ],
      ctx.columns(),
    ),
  );
  return code;
}
