// A baseline captured again after the change ran (the screen's `r` on the capture step,
// 80×24, the real CLI in a real tmux pane, a real SQLite file) must not make the change pass:
// the compare holds against the baseline as first captured too, and the report shows both.
// Before, the re-capture replaced the baseline and the comparison read "passed: 1 unchanged".

import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { has, openPane, type OpenPane } from './tmux-pane';
import { all } from './tui-screen';

const RUNBOOK = `---
title: Recapture
targets:
  db:
    kind: sqlite
    path: ./t.db
---

# Recapture

## PHASE 1: Before

\`\`\`sql {#count-before capture=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

| Metric | Pre-Deploy Value | Post-Deploy Value | Status |
|--------|------------------|-------------------|--------|
| items count | | | |

## PHASE 2: Change

\`\`\`sql {#change}
INSERT INTO items VALUES (3);
\`\`\`

\`\`\`sql {#count-after compare=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`
`;

let open: OpenPane | null = null;
afterEach(() => open?.close());

describe('a baseline captured again after the change (80×24)', () => {
  it('fails the compare against the first baseline, and the report shows both captures', async () => {
    open = openPane('runbook-recapture-', { 'r.md': RUNBOOK });
    const { tmux, dir, pane, env } = open;
    const db = new Database(join(dir, 't.db'));
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    db.close();
    const press = async (key: string, test: (lines: string[]) => boolean, what: string) => {
      tmux.key(pane, key);
      return tmux.waitFor(pane, test, what);
    };

    tmux.command(pane, 'runbook run r.md --journal run.journal --operator tester');
    await tmux.waitFor(pane, all(has('step 1/3'), has('capture=counts')), 'the capture step');
    await press('Enter', all(has('items | 2'), has('✔ passed')), 'the baseline: 2 items');
    await press('Enter', all(has('step 2/3'), has('INSERT INTO items')), 'the change step');
    await press('Enter', all(has('step 2/3'), has('✔ passed')), 'the change ran');
    await press('k', all(has('step 1/3'), has('items | 2')), 'back at the capture step');
    await press('r', has('items | 3'), 'the capture taken again: 3 items');
    await press('j', has('step 2/3'), 'the change step');
    await press('j', all(has('step 3/3'), has('compare=counts')), 'the compare step');
    await press('Enter', has('✘'), 'the compare failed');
    tmux.key(pane, 'q');
    await tmux.waitFor(pane, has('runbook report'), 'the run left');

    const json = JSON.parse((await runCli(['report', 'run.journal', '--format', 'json'], { env, cwd: dir })).stdout) as {
      run: { state: string };
      captures: { name: string; resultSets: { rows: unknown[][] }[]; first?: { resultSets: { rows: unknown[][] }[] } }[];
      comparisons: { passed: boolean; summary: string; againstCapture: boolean }[];
    };
    expect(json.comparisons).toHaveLength(1);
    expect(json.comparisons[0]?.passed).toBe(false);
    // The diff shown is the one against the first baseline; the latest is named beside it.
    expect(json.comparisons[0]?.summary).toMatch(/^failed: 1 row changed: items \(n 2 → 3 \(\+1\)\); baseline counts captured again at \S+, with other rows than first captured at \S+; against the latest: passed: 1 unchanged$/);
    expect(json.comparisons[0]?.againstCapture).toBe(false);
    expect(json.captures[0]?.resultSets[0]?.rows).toEqual([['items', 3]]);
    expect(json.captures[0]?.first?.resultSets[0]?.rows).toEqual([['items', 2]]);
    expect(json.run.state).not.toBe('completed');

    const md = (await runCli(['report', 'run.journal'], { env, cwd: dir })).stdout;
    const baselines = md.slice(md.indexOf('## Baselines'));
    expect(baselines).toMatch(/⚠ Captured again: the baseline above is as captured at .* UTC; it was first captured at .* UTC with other rows/);
    expect(baselines).toContain('| items | 2 |');
    expect(baselines).toContain('#### Comparison with counts at');
    expect(baselines).toMatch(/, failed\n/);
    expect(baselines).toContain('| items | n | 2 | 3 | +1 | ✘ changed |');
    // The runbook's own Baseline Values table: Pre is the baseline the comparison held against.
    expect(baselines).toContain('| items count | 2 | 3 | ✘ changed (+1) |');
    const outcome = await runCli(['verify', 'run.journal', '--outcome'], { env, cwd: dir });
    expect(outcome.code).toBe(1);
  }, 90_000);
});
