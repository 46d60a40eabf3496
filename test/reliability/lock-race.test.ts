// Two drivers at once, for real and many times: two `resume --plain` processes started
// together on one journal. Exactly one drives; the other exits at once, told in one line
// who holds the lock. Half the rounds race over the lock of a driver killed with -9, which
// exactly one of them takes over (and journals).

import { copyFileSync, mkdirSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';
import { ScriptedRun } from '../faults/support/scripted-run';

const ROUNDS = 20;
const FIXTURE = new URL('fixtures/ticks.md', import.meta.url).pathname;

describe('two drivers race for one journal', () => {
  it(`${ROUNDS} rounds: exactly one drives, the other is told who holds the lock`, async () => {
    const dir = tempDir('runbook-race-');
    const file = join(dir, 'ticks.md');
    copyFileSync(FIXTURE, file);
    mkdirSync(join(dir, 'home'));
    const env = cliEnv(join(dir, 'home'));
    const journal = join(dir, 'race.runbook.sqlite');
    const started = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'first'], { env, cwd: dir, input: 'q\n' });
    expect(started.code, started.stderr).toBe(0);

    let takeovers = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const racers = ['ana', 'bo'].map((name) => ({ name, run: new ScriptedRun(['resume', journal, '--plain', '--operator', `${name}-${round}`], { env, cwd: dir }) }));
      // Whoever drives waits at its first prompt, holding the lock; the other ends at once.
      const outcomes = await Promise.all(
        racers.map(async ({ run }) => {
          const first = await Promise.race([run.prompt(30_000).then(() => 'drives' as const), run.exited.then(() => 'exited' as const)]);
          return first;
        }),
      );
      const context = `round ${round}: ${racers.map(({ name, run }) => `${name}: ${run.out.slice(-300)} / ${run.err}`).join(' | ')}`;
      expect(outcomes.filter((o) => o === 'drives'), context).toHaveLength(1);
      const winner = racers[outcomes.indexOf('drives')];
      const loser = racers[outcomes.indexOf('exited')];
      if (!winner || !loser) throw new Error(context);
      expect(await loser.run.exited, context).toBe(2);
      const refusal = loser.run.err.trimEnd().split('\n');
      expect(refusal, context).toHaveLength(1);
      expect(refusal[0], context).toContain(`driven by ${winner.name}-${round} (`);
      expect(refusal[0], context).toContain(`pid ${winner.run.child.pid}`);
      // The account is the system's, even with USER unset (cliEnv sets none): never "unknown@host".
      expect(refusal[0], context).toContain(`(${userInfo().username}@${hostname()},`);
      expect(refusal[0], context).toContain(`runbook watch ${journal}`);

      if (round % 2 === 0) {
        // Leave normally: the lock is given up.
        expect(await winner.run.end(), winner.run.err).toBe(0);
      } else {
        // Die holding the lock: the next round's racers find a dead holder.
        winner.run.child.kill('SIGKILL');
        await winner.run.exited;
        takeovers += 1;
      }
    }

    const events = readEvents(journal);
    expect(events.filter((e) => e.type === 'session.started' && (e.payload as { resumed?: boolean }).resumed === true)).toHaveLength(ROUNDS);
    // Each dead holder's lock was taken over exactly once (the last one's is still there).
    expect(events.filter((e) => e.type === 'lock.takeover')).toHaveLength(takeovers - (ROUNDS % 2 === 1 ? 1 : 0));
    expect((await runCli(['verify', journal], { env })).code).toBe(0);
  }, 300_000);
});
