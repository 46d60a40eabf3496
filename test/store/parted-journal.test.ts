// A journal that parted from the store: its host drove on while the store was out of its
// reach and another host resumed the run from the store meanwhile. With the real CLI,
// SQLite and PostgreSQL (behind a relay of the test's own, for the first host only):
// `store status` says where it parted and exits 1, never advising a push (before, it counted
// it published, or behind with `runbook store push`, which was then refused); push and
// resume --store refuse it naming the event; and the end of a run whose publisher learns it
// says so in one sentence, without offering the push it would refuse (before: "the store
// holds 16 events of run X and /path fewer: … runbook store push …"), nor the resume it
// would refuse: it says why there is none and offers `runbook watch RUN --store`, which
// works there (in a tmux pane).

import { connect, createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { rows } from '../helpers/tamper';
import { eventually, storeDrill, storedEvents, watchScreen } from '../helpers/store';
import { has } from '../e2e/tmux-pane';

const drill = storeDrill('parted');

/** A relay to the store on a port of its own, opened and closed by the test; counts connections that ended. */
function relay(port: number, target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const counts = { ended: 0 };
  return {
    counts,
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => {
              sockets.delete(s);
              if (s === client) counts.ended += 1;
              client.destroy();
              upstream.destroy();
            });
          }
          client.pipe(upstream);
          upstream.pipe(client);
        });
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (server) server.close(() => resolve());
        else resolve();
        server = undefined;
      }),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('a journal that parted from the store', () => {
  it('is said to have parted, at which event, by store status (exit 1), push, resume --store and the end of a run; push is never advised', async () => {
    const port = await freePort();
    const link = relay(port, new URL(drill.writer));
    const viaRelay = new URL(drill.writer);
    viaRelay.host = `127.0.0.1:${port}`;
    const a = drill.account('a');
    const b = drill.account('b');
    const journal = a.journal;
    try {
      // Host A runs step one through its relay, all of it published, and leaves the run paused.
      await link.open();
      const first = await a.cli(['run', a.file, '--plain', '--journal', journal, '--operator', 'ana', '--store', viaRelay.toString()], 'y\n');
      expect(first.code, first.stderr).toBe(0);
      const runId = rows(journal)[0]!.hash;
      const run = runId.slice(0, 12);
      await eventually(async () => (await storedEvents(drill.owner, runId)).length === rows(journal).length, 'the store to hold step one');
      const shared = rows(journal).length;

      // The store out of A's reach: A drives on (step two, here only); B resumes the run from the store and runs step two there.
      await link.close();
      const alone = await a.cli(['resume', journal, '--plain'], 'y\n');
      expect(alone.code, alone.stderr).toBe(0);
      expect(alone.stdout).toContain('step two');
      const there = await b.cli(['resume', run, '--store', drill.writer, '--plain', '--operator', 'bob'], 'y\n');
      expect(there.code, there.stderr).toBe(0);
      expect(there.stdout).toContain('step two');
      const parting = shared + 1;
      expect((await storedEvents(drill.owner, runId))[parting - 1]!.hash).not.toBe(rows(journal)[parting - 1]!.hash);

      // store status: parted, at which event; exit 1; no push advised.
      const status = await a.cli(['store', 'status', '--store', drill.writer]);
      expect(status.code, status.stdout).toBe(1);
      expect(status.stdout).toContain('local journals: 1 · 0 published · 0 behind · 1 parted from the store');
      expect(flat(status.stdout)).toContain(`parted from the store's run ${run} at event ${parting} (the store holds`);
      expect(flat(status.stdout)).toContain(journal);
      expect(status.stdout).not.toContain('store push');

      // push and resume --store refuse it, in one line naming the event.
      const push = await a.cli(['store', 'push', journal, '--store', drill.writer]);
      expect(push.code).toBe(2);
      expect(push.stderr).toContain(`this journal parted from the store's run ${run} at event ${parting}`);
      const resumed = await a.cli(['resume', journal, '--store', drill.writer, '--plain'], 'y\n');
      expect(resumed.code).toBe(2);
      expect(resumed.stderr.trim().split('\n')).toHaveLength(1);
      expect(resumed.stderr).toContain(`this journal parted from the store's run ${run} at event ${parting}`);

      // A resumes again with its store out of reach; the store comes back mid-run and its
      // publisher learns the run went on elsewhere: the end says so, without a push to try.
      const driver = a.start(['resume', journal, '--plain']);
      await driver.prompt();
      const before = link.counts.ended;
      await link.open();
      // The publisher's one connection through the relay ends once the store refused it.
      await eventually(async () => link.counts.ended > before, 'the publisher to reach the store and be refused', 30_000);
      expect(await driver.end()).toBe(0);
      const end = flat(driver.out);
      expect(end).toMatch(new RegExp(`store: this journal parted from the store's run ${run} at event ${parting} \\(the store holds \\d+ events, this journal \\d+\\): the run went on elsewhere; the \\d+ events this host recorded from there are in this journal only \\(the store cannot take them\\): runbook show ${journal}`));
      expect(end).not.toContain('store push');
      expect(end).not.toContain('fewer');

      // Nor a resume, which is refused (above): why there is none, and how to follow the run
      // where it went on (before: 'Continue with: runbook resume JOURNAL --store').
      expect(end).toContain(`Run paused (stopped by operator); this journal cannot resume the run: it went on elsewhere. Follow it there with: runbook watch ${run} --store`);
      expect(end).not.toContain('runbook resume');
      // That command works here, where only the journal knows the store: the store's run, left by bob.
      const watched = await watchScreen(a.pane(), `runbook watch ${run} --store`, has('READ-ONLY · driven by nobody right now (last: bob)'), "the store's run");
      expect(watched.left).toContain(`see it with: runbook show ${run} --store`);
    } finally {
      await link.close();
    }
  }, 120_000);
});
