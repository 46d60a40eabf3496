// Big but legitimate runbooks: 10,000 steps, and a checklist just under the 1 MiB limit.
// `check` reads them whole and in bounded time; the time is printed, to watch it over time.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const dir = tempDir('runbook-big-');
const env = cliEnv(dir);

/** Phases of ten sections, each a shell step with an expectation, three checks and a blank. */
function tenThousandSteps(): string {
  const out = ['# Ten thousand steps', ''];
  let n = 0;
  for (let phase = 1; n < 10_000; phase++) {
    out.push(`## Phase ${phase}: part ${phase}`, '');
    for (let s = 0; s < 10 && n < 10_000; s++) {
      out.push(`### ${phase}.${s} Section`, '', '```bash', `echo "step ${n}"`, `# Expected: step ${n}`, '```', '');
      n += 1;
      for (let k = 0; k < 3; k++, n++) out.push(`- [ ] check ${n} holds`);
      out.push('', `Value ${n}: ____`, '');
      n += 1;
    }
  }
  return `${out.join('\n')}\n`;
}

async function timedCheckJson(file: string): Promise<{ steps: number; ms: number }> {
  const started = Date.now();
  const result = await runCli(['check', file, '--json'], { env, timeoutMs: 120_000 });
  const ms = Date.now() - started;
  expect(result.code, result.stderr).toBe(0);
  return { steps: (JSON.parse(result.stdout) as { steps: unknown[] }).steps.length, ms };
}

describe('big runbooks', () => {
  it('a 10,000-step runbook checks whole, in bounded time', async () => {
    const file = join(dir, 'ten-thousand.md');
    writeFileSync(file, tenThousandSteps());
    const { steps, ms } = await timedCheckJson(file);
    console.log(`check --json of 10,000 steps (${Math.round(readFileSync(file).length / 1024)} KiB): ${ms} ms`);
    expect(steps).toBe(10_000);
    expect(ms).toBeLessThan(60_000);
  }, 180_000);

  it('a checklist just under the 1 MiB limit checks whole, in bounded time', async () => {
    const seed = readFileSync(new URL('../fixtures/seeds/standard-deployment-checklist.md', import.meta.url), 'utf8');
    const file = join(dir, 'just-under.md');
    // Each copy under its own heading, so the step ids stay unique.
    let text = '';
    for (let copy = 1; Buffer.byteLength(text) + seed.length + 40 < 1024 * 1024; copy++) text += `# Copy ${copy}\n\n${seed.replace(/^# .*$/m, '')}\n`;
    writeFileSync(file, text);
    const { steps, ms } = await timedCheckJson(file);
    console.log(`check --json of a ${Math.round(Buffer.byteLength(text) / 1024)} KiB checklist (${steps} steps): ${ms} ms`);
    expect(steps).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(60_000);
  }, 180_000);
});
