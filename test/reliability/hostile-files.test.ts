// Files no checklist should be — 10 MB of Markdown, binary data, /dev/zero, a named pipe, lists and quotes
// nested a thousand deep, a file full of fence slips — get one clear line from `check`
// (exit 2) or a quick answer, never a hang or a crash. And a short fuzz sample, so `npm
// test` keeps the fuzzer's guarantees honest (the thousands run in test/faults/).

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { fuzzCheck } from '../faults/support/fuzz-runner';

const dir = tempDir('runbook-hostile-files-');
const env = cliEnv(dir);
const SEED = readFileSync(new URL('../fixtures/seeds/sprint-3-checklist.md', import.meta.url), 'utf8');

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function timedCheck(file: string) {
  const started = Date.now();
  const result = await runCli(['check', file], { env, timeoutMs: 60_000 });
  return { ...result, ms: Date.now() - started };
}

function expectOneLine(stderr: string, expected: string): void {
  expect(stderr).toBe(`${expected}\n`);
}

describe('check on files no checklist should be', () => {
  it('10 MB of Markdown is refused at once, in one line', async () => {
    const huge = write('huge.md', SEED.repeat(Math.ceil(10_000_000 / SEED.length)));
    const result = await timedCheck(huge);
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, `${huge}: is over 1 MiB; runbook reads checklists up to that size (split it)`);
    expect(result.ms).toBeLessThan(5_000);
  });

  it('/dev/zero and binary data are refused without reading them whole', async () => {
    const zero = await timedCheck('/dev/zero');
    expect(zero.code).toBe(2);
    expectOneLine(zero.stderr, '/dev/zero: is a character device, not a regular file');
    const binary = write('binary.md', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const bin = await timedCheck(binary);
    expect(bin.code).toBe(2);
    expectOneLine(bin.stderr, `${binary}: is a binary file, not Markdown`);
  });

  it('a named pipe (FIFO) is refused before it is opened, by check and by run, never a hang', async () => {
    const fifo = join(dir, 'pipe.md');
    execFileSync('mkfifo', [fifo]);
    const check = await runCli(['check', fifo], { env, timeoutMs: 10_000 });
    expect(check.code).toBe(2);
    expectOneLine(check.stderr, `${fifo}: is a named pipe (FIFO), not a regular file`);
    const run = await runCli(['run', fifo, '--plain', '--operator', 'ana'], { env, timeoutMs: 10_000 });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, `runbook: ${fifo}: is a named pipe (FIFO), not a regular file`);
  });

  it.each([
    ['a task list nested 1,000 deep by indentation', (i: number) => `${'  '.repeat(i)}- [ ] level ${i}`],
    ['a task list nested 1,000 deep on one line each', (i: number) => `${'- '.repeat(i + 1)}[ ] level ${i}`],
    ['block quotes nested 1,000 deep', (i: number) => `${'>'.repeat(i + 1)} - [ ] level ${i}`],
  ])('%s is refused at the line where it gets too deep', async (_what, line) => {
    const file = write('deep.md', `# Deep\n\n${Array.from({ length: 1000 }, (_, i) => line(i)).join('\n')}\n`);
    const result = await timedCheck(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: nested \\d+ levels deep \\(lists, quotes or indentation\\); runbook reads at most 100\\n$`));
    expect(result.ms).toBeLessThan(5_000);
  });

  it('a list nested 30 deep — deep, but a list — still reads', async () => {
    const file = write('deep-ok.md', `# Deep\n\n${Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`).join('\n')}\n`);
    const result = await runCli(['check', file, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const steps = (JSON.parse(result.stdout) as { steps: { title: string }[] }).steps;
    expect(steps.map((s) => s.title)).toEqual(Array.from({ length: 30 }, (_, i) => `level ${i}`));
  });

  it.each([
    ['code spans', '`a'],
    ['emphasis marks', '*a'],
  ])('a paragraph of 200,000 %s — under 1 MiB — reads, never a stack overflow', async (_what, unit) => {
    const file = write('spans.md', `# Spans\n\n- [ ] a\n\n${unit.repeat(200_000)}\n`);
    const result = await timedCheck(file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(15_000);
  });

  it('40,000 blanks with one label answer in seconds, each its own input', async () => {
    const file = write('blanks.md', `# Blanks\n\n${'Name: ____\n\n'.repeat(40_000)}`);
    const started = Date.now();
    const result = await runCli(['check', file, '--json'], { env, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const names = (JSON.parse(result.stdout) as { inputs: { name: string }[] }).inputs.map((i) => i.name);
    expect(names.slice(0, 3)).toEqual(['name', 'name_2', 'name_3']);
    expect(new Set(names).size).toBe(40_000);
  }, 70_000);

  it('30,000 checks that offer one command answer in seconds, each span the step of its own check', async () => {
    const file = write('offers.md', `# Offers\n\n${'- [ ] Off: `sudo chef-off`\n'.repeat(30_000)}`);
    const started = Date.now();
    const result = await runCli(['check', file, '--json'], { env, timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const spans = (JSON.parse(result.stdout) as { spans: { line: number; reason: string }[] }).spans;
    expect(spans).toHaveLength(30_000);
    expect(spans.every((s) => s.reason === `offered by the check at line ${s.line}`)).toBe(true);
  }, 100_000);

  it('30,000 phases of one check each answer in seconds, each phase listed', async () => {
    const file = write('phases.md', `# Phases\n\n${Array.from({ length: 30_000 }, (_, i) => `## Phase ${i}\n\n- [ ] check ${i}\n\n`).join('')}`);
    const started = Date.now();
    const result = await runCli(['check', file], { env, timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stdout).toContain('Phases (30000)\n');
    expect(result.stdout).toMatch(/\n {2}L119999 Phase 29999 +1 manual\n/);
  }, 100_000);

  it('one command continued over 60,000 lines answers in seconds, as one step', async () => {
    const file = write('continued.md', `# Continued\n\n\`\`\`bash\n${'echo a \\\n'.repeat(60_000)}done\n\`\`\`\n`);
    const started = Date.now();
    const result = await runCli(['check', file, '--json'], { env, timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const steps = (JSON.parse(result.stdout) as { steps: { command: string }[] }).steps;
    expect(steps).toHaveLength(1);
    expect(steps[0]?.command.split('\n')).toHaveLength(60_001);
  }, 100_000);

  it('a file full of "```bash" slips inside fences answers in seconds, not minutes', async () => {
    const slips = write('slips.md', `# Slips\n\n${Array.from({ length: 60 }, (_, i) => '```bash\necho ' + i + '\n```bash\n').join('\n')}${'filler line\n'.repeat(20_000)}`);
    const result = await timedCheck(slips);
    console.log(`check of a 60-slip, ${Math.round(readFileSync(slips).length / 1024)} KiB file: ${result.ms} ms`);
    expect([0, 2]).toContain(result.code);
    expect(result.ms).toBeLessThan(15_000);
  });
});

describe('a fuzz sample', () => {
  it('60 broken runbooks in-process: exit 0 or 2, one located line on error', async () => {
    const report = await fuzzCheck({ seed: 4_242, count: 60, workers: 1, limitMs: 10_000 });
    expect(report.failures).toEqual([]);
    expect(report.cases).toBe(60);
  }, 60_000);
});
