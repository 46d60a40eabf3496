// A journal begun before step ids were made from redacted text names a step holding a
// credential by an id with the credential in it. Resuming it with this build (whose id
// for that step is `…/pgpassword-redacted-…`) must run that step under the journal's id,
// not skip it as "no longer in the runbook"; every id without a credential is unchanged.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { anchorPath } from '../../source/journal/anchor';
import { ANCHOR_META_KEY, eventHash } from '../../source/journal/format';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = ['# Resume across builds', '', '## Phase 1: Steps', '', '```bash', '[ ] echo "first step"', "[ ] PGPASSWORD=Hunter2Secret sh -c 'echo secret step'", '[ ] echo "third step"', '```', ''].join('\n');

const NEW_ID = 'phase-1-steps/pgpassword-redacted-sh-c-echo-secret-step';
// What builds before this one wrote for that step.
const OLD_ID = 'phase-1-steps/pgpassword-hunter2secret-sh-c-echo-secret-step';

/** Rewrites the journal as an earlier build would have written it: the old id, the chain re-hashed. */
function ageJournal(path: string): void {
  const db = new Database(path);
  const rows = db.prepare('SELECT seq, at, type, payload FROM events ORDER BY seq').all() as { seq: number; at: string; type: string; payload: string }[];
  const update = db.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = '0'.repeat(64);
  db.transaction(() => {
    // An earlier build wrote no anchor either (journal/anchor.ts): such a journal verifies as "no anchor".
    db.prepare('DELETE FROM meta WHERE key = ?').run(ANCHOR_META_KEY);
    for (const row of rows) {
      const payload = row.payload.replaceAll(`"${NEW_ID}"`, `"${OLD_ID}"`);
      const hash = eventHash(prev, row.seq, row.at, row.type, payload);
      update.run(payload, prev, hash, row.seq);
      prev = hash;
    }
  })();
  db.close();
  rmSync(anchorPath(path), { force: true });
}

describe('resuming a journal whose ids an earlier build made', () => {
  it('runs the step whose id held a credential under the id its journal knows', async () => {
    const dir = tempDir('runbook-old-ids-');
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'rb.md'), RUNBOOK);
    const journal = join(dir, 'run.runbook.sqlite');
    const env = cliEnv(join(dir, 'home'));
    const first = await runCli(['run', join(dir, 'rb.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const genesis = (readEvents(journal)[0]?.payload.steps as { id: string }[]).map((s) => s.id);
    expect(genesis).toContain(NEW_ID);

    ageJournal(journal);
    expect(await runCli(['verify', journal], { env, cwd: dir }).then((r) => r.code)).toBe(0);

    const resumed = await runCli(['resume', journal, '--plain', '--operator', 'ana'], { env, cwd: dir, input: 'y\ny\ny\n' });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('secret step\n');
    expect(resumed.stdout).toContain('Run completed: 3 passed');
    const shown = JSON.parse((await runCli(['show', journal, '--json'], { env, cwd: dir })).stdout) as { steps: { id: string; status: string }[] };
    expect(shown.steps.map((s) => [s.id, s.status])).toEqual([
      ['phase-1-steps/echo-first-step', 'passed'],
      [OLD_ID, 'passed'],
      ['phase-1-steps/echo-third-step', 'passed'],
    ]);
  });
});
