// The run screen at 80×24 in a real tmux pane, its store out of reach: the header says how
// far behind publishing is ("store: N events behind, retrying") without pushing anything
// off the line, the run goes on, and on leaving runbook names the command that catches up.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../helpers/cli';
import { Tmux, type PaneSize } from '../e2e/tmux-pane';
import { closedPort } from '../helpers/net';

const SIZE: PaneSize = { columns: 80, rows: 24 };
const FIXTURE = new URL('../fixtures/store/deploy.md', import.meta.url).pathname;

let tmux: Tmux | null = null;
afterEach(() => {
  tmux?.close();
  tmux = null;
});


describe('the run screen with an unreachable store', () => {
  it('shows "store: N events behind, retrying" in the header, within 80 columns', async () => {
    const home = tempDir('runbook-store-tui-');
    copyFileSync(FIXTURE, join(home, 'deploy.md'));
    const port = await closedPort();
    tmux = new Tmux(home, { ...cliEnv(home), USER: 'ana', LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SIZE);
    const pane = tmux.paneId('main:0');
    tmux.command(pane, `runbook run deploy.md --operator ana --journal run.runbook.sqlite --store postgres://ana@127.0.0.1:${port}/team`);
    const screen = await tmux.waitFor(pane, (l) => /store: \d+ events? behind, retrying/.test(l[0] ?? ''), 'the header to say the store is behind', 30_000);
    expect(screen[0]).toMatch(/^Store fixture .*store: \d+ events behind, retrying · \d\d:\d\d:\d\d$/);
    expect(screen.filter((l) => [...l].length > SIZE.columns)).toEqual([]);
    expect(screen.join('\n')).toContain('Confirm the change ticket is approved');

    // The run goes on: the check passes, and the count grows with what it records.
    const before = Number(/store: (\d+) events/.exec(screen[0] ?? '')?.[1]);
    tmux.key(pane, 'p');
    const after = await tmux.waitFor(pane, (l) => Number(/store: (\d+) events/.exec(l[0] ?? '')?.[1]) > before, 'the count to grow', 30_000);
    expect(after[0]).toMatch(/store: \d+ events behind, retrying/);

    tmux.key(pane, 'q');
    const left = await tmux.waitFor(pane, (l) => l.join(' ').includes('runbook store push'), 'the leaving lines', 30_000);
    expect(left.join(' ').replace(/\s+/g, ' ')).toMatch(/store: \d+ events not published yet \(store 127\.0\.0\.1:\d+\/team: connection refused\); they go with the next resume, or: runbook store push /);
  });
});
