// The bench's log (RUNBOOK_BENCH_LOG) times when each key reaches the run screen. It wrote
// what the key was too, so a secret typed at the screen's prompt went into the log, in
// clear, a key at a time: the bench needs the moment, never the key.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { has, openPane, type OpenPane } from './tmux-pane';

const RUNBOOK = `---
inputs:
  db_password: { prompt: Database password, secret: true }
---

# Bench log

## Phase 1

\`\`\`bash
test -n "\${db_password}" && echo given
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('the bench log of the run screen', () => {
  it('marks each key when it arrives, and never what it was', async () => {
    open = openPane('runbook-bench-keys-', { 'bench.md': RUNBOOK });
    const { tmux, pane, dir } = open;
    tmux.command(pane, 'RUNBOOK_BENCH_LOG=bench.log runbook run bench.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('Database password'), 'the input step', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('secret: shown as •'), 'the secret prompt', 20_000);
    tmux.type(pane, 'Qx7-hunter-secret');
    await tmux.waitFor(pane, has('•'.repeat(17)), 'the secret typed', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('step 2/2'), 'the step that uses it', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('given'), 'the step run with it', 20_000);
    const log = readFileSync(join(dir, 'bench.log'), 'utf8');
    const keys = log.split('\n').filter((l) => l.split(' ')[3] === 'key');
    expect(keys.length).toBeGreaterThan(0);
    for (const ch of ['Q', 'x', '7', 'h', 'u', 'n', 't', 'e', 'r']) expect(keys.some((l) => l.includes(`"${ch}"`)), ch).toBe(false);
    expect(log).not.toMatch(/hunter/);
  }, 60_000);
});
