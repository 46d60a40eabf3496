// `runbook watch` of a run published to a team store, on a host where the store is known
// only to the run's journal (no --store URL, no RUNBOOK_STORE), with the real CLI in real
// tmux panes, SQLite files and PostgreSQL. After the run was taken over on another host:
// `watch RUN --store`, the hint every lease refusal gives, follows it in the store the
// journal remembers (before: "no such journal"), and so does `watch JOURNAL` (before, it
// followed this host's stale journal and said its driver had stopped, offering a resume
// that is refused); `resume RUN --store` asks that store's lease too, and the watcher's
// parting hint, `show RUN --store`, reads the run there (before, both said no team store
// was configured). A journal a live driver on this host holds is still followed here; one
// whose store cannot be reached is followed here, and the screen says so.

import { describe, expect, it } from 'vitest';
import { storeDrill, watchScreen } from '../helpers/store';
import { has } from '../e2e/tmux-pane';
import { closedPort } from '../helpers/net';

const drill = storeDrill('watchpub');



describe('watch of a run published to a team store', () => {
  it('follows it in the store its journal remembers once it was taken over elsewhere; a live driver here is followed here', async () => {
    const a = drill.account('a');
    const b = drill.account('b');
    const runId = await drill.abandoned(a);
    const run = runId.slice(0, 12);

    // Another host takes the run over and runs step two; it drives on, at step three.
    const driverB = b.start(['resume', run, '--store', drill.writer, '--take-over', '--plain', '--operator', 'bob']);
    await driverB.sees(/Run taken over from ana/);
    await driverB.passStep();
    await driverB.prompt();

    // The first host, with no store configured: its journal remembers the store.
    const atA = a.pane();
    const byRun = await watchScreen(atA, `runbook watch ${run} --store`, has('READ-ONLY · driven by bob'), 'the store\'s driver, bob');
    expect(byRun.screen.join('\n')).toContain('echo "step three"');
    expect(byRun.left).toContain(`Stopped watching. The run goes on; see it with: runbook show ${run} --store`);
    // That hint works here too: show RUN --store reads the store the journal here remembers.
    const shown = await a.cli(['show', run, '--store']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`store:${runId}`);
    expect(shown.stdout).toMatch(/✔ passed +echo "step two"/);
    expect(shown.stdout).toContain('driven now by bob');

    const byJournal = await watchScreen(atA, 'runbook watch drill.runbook.sqlite', has('READ-ONLY · driven by bob'), 'the store\'s driver, bob');
    expect(byJournal.screen.join('\n')).not.toContain('process gone');
    expect(byJournal.left).toContain(`see it with: runbook show ${run} --store`);

    // resume RUN --store asks the lease of the store its journal here remembers (before: no team store configured).
    const resumed = await a.cli(['resume', run, '--store', '--plain']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(new RegExp(`^runbook: ${a.journal}: taken over by bob \\(.*\\) since \\S+; follow it read-only with: runbook watch ${run} --store\\n$`));

    // The driver's own host follows its journal here, as a pairing partner always did.
    const [journalB] = b.journals();
    const atB = b.pane();
    const live = await watchScreen(atB, `runbook watch ${journalB}`, has('READ-ONLY · driven by bob'), 'the local driver');
    expect(live.left).toContain(`see it with: runbook show ${journalB}`);
    expect(live.left).not.toContain('--store');
  }, 120_000);

  it('follows a published journal here when its store cannot be reached, and says so', async () => {
    const c = drill.account('c');
    const away = `postgres://cat@127.0.0.1:${await closedPort()}/team`;
    const first = await c.cli(['run', c.file, '--plain', '--journal', c.journal, '--operator', 'cat', '--store', away], 'y\n');
    expect(first.code, first.stderr).toBe(0);

    const watched = await watchScreen(c.pane(), 'runbook watch drill.runbook.sqlite', has('READ-ONLY · driven by nobody right now (last: cat)'), 'the journal here');
    expect(watched.screen.join('\n')).toContain("! Following this host's journal, not the store: store 127.0.0.1:");
    expect(watched.left).toContain(`see it with: runbook show ${c.journal}`);
  }, 60_000);
});
