// Who watches a run on this host: a marker per `runbook watch` beside the journal, counted
// by the driver's header; a marker left by a watcher killed -9 is not counted.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceWatcher, countLocalWatchers } from '../../source/journal/watchers';
import { headerText } from '../../source/ui/components/header';
import { makeTempDir } from './helpers';
import { initialState } from '../../source/run/reducer';
import type { RunEvent } from '../../source/run/events';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

describe('watchers on this host', () => {
  it('are counted while they watch, not after; a marker whose process is gone is dropped', () => {
    const journal = join(dir, 'run.runbook.sqlite');
    expect(countLocalWatchers(journal)).toBe(0);
    const leave = announceWatcher(journal);
    expect(countLocalWatchers(journal)).toBe(1);
    // A watcher killed -9 left its marker: its pid is gone.
    const dead = spawnSync('true').pid;
    mkdirSync(`${journal}.watchers`, { recursive: true });
    writeFileSync(join(`${journal}.watchers`, `${hostname()}-${dead}`), '');
    expect(countLocalWatchers(journal)).toBe(1);
    expect(existsSync(join(`${journal}.watchers`, `${hostname()}-${dead}`))).toBe(false);
    leave();
    expect(countLocalWatchers(journal)).toBe(0);
  });

  it('show in the driver\'s header beside the operator, and nothing when none watches', () => {
    const started = {
      seq: 1,
      at: '2026-12-06T07:00:00.000Z',
      type: 'run.started',
      payload: { runbook: { file: '/r.md', sha256: 'x', title: 'Deploy' }, source: '', steps: [], phases: [], operator: 'ana', identity: { operator: 'ana', user: 'ana', host: 'b1', pid: 1 }, rehearse: false, targets: [], cwd: '/' },
    } as unknown as Extract<RunEvent, { type: 'run.started' }>;
    const state = initialState(started);
    const now = new Date('2026-12-06T07:00:10.000Z');
    expect(headerText(state, now, 80, null, 2)).toMatch(/^Deploy · ana \(\+2 watching\) +00:00:10$/);
    expect(headerText(state, now, 80)).toMatch(/^Deploy · ana +00:00:10$/);
    // A rehearsal's mark is kept whole at the right; the long title is what is cut (before,
    // the mark was the part cut, and at 60 columns gone).
    const long = { ...state, rehearse: true, runbook: { ...state.runbook, title: 'Sprint 3 – Full Agentic Coprocessor Deployment Checklist' } };
    expect(headerText(long, now, 60)).toMatch(/^Sprint 3 – Full Agentic … REHEARSAL: nothing runs · 00:00:10$/);
    expect(headerText(long, now, 60)).toHaveLength(60);
  });
});
