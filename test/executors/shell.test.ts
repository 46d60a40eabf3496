import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShellExecutor } from '../../source/executors/shell';
import type { OutputStream, ShellContext, ShellRequest } from '../../source/executors/types';
import { alive, waitFor } from './poll';

let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runbook-shell-test-')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' });

function request(command: string, extra: Partial<ShellRequest> = {}): ShellRequest {
  return { command, shell: 'bash', context: { cwd: dir, env: baseEnv() }, okExit: [0], follow: false, tty: false, ...extra };
}

function recorder() {
  const chunks: { stream: OutputStream; chunk: string }[] = [];
  const sink = (stream: OutputStream, chunk: string): void => {
    chunks.push({ stream, chunk });
  };
  const text = (stream?: OutputStream): string =>
    chunks.filter((c) => !stream || c.stream === stream).map((c) => c.chunk).join('');
  return { chunks, sink, text };
}

const shell = createShellExecutor({ killGraceMs: 500 });

describe('shell steps stream their output', () => {
  it('delivers 100k lines, all of them, in order and in several chunks', async () => {
    const out = recorder();
    const outcome = await shell.run(request('seq 1 100000'), out.sink).done;
    expect(outcome.ok).toBe(true);
    const lines = out.text('stdout').trimEnd().split('\n');
    expect(lines).toHaveLength(100_000);
    expect(lines.every((line, i) => line === String(i + 1))).toBe(true);
    expect(out.chunks.length).toBeGreaterThan(1);
  });

  it('shows output while the command is still running', async () => {
    const out = recorder();
    const gate = path.join(dir, 'gate-open');
    const running = shell.run(request(`echo ready; while [ ! -e ${gate} ]; do sleep 0.02; done; echo after`), out.sink);
    let finished = false;
    void running.done.then(() => (finished = true));
    await waitFor(() => out.text().includes('ready'), 'the first line');
    expect(finished).toBe(false);
    writeFileSync(gate, '');
    const outcome = await running.done;
    expect(outcome.ok).toBe(true);
    expect(out.text()).toBe('ready\nafter\n');
  });

  it('decodes UTF-8 split across chunks', async () => {
    const out = recorder();
    await shell.run(request(`printf '\\xe2\\x82'; sleep 0.1; printf '\\xac ok\\n'`), out.sink).done;
    expect(out.text()).toBe('€ ok\n');
  });

  it('keeps stdout and stderr in the order they were written, as a terminal shows them', async () => {
    const out = recorder();
    const script = `for i in $(seq 300); do echo "out $i"; echo "err $i" >&2; done; printf 'note\\n' >&2; printf 200`;
    await shell.run(request(script), out.sink).done;
    const expected = Array.from({ length: 300 }, (_, i) => `out ${i + 1}\nerr ${i + 1}\n`).join('');
    expect(out.text()).toBe(`${expected}note\n200`);
  });
});

describe('shell steps carry state like a terminal', () => {
  it('carries cd and export to the next step', async () => {
    const sub = path.join(dir, 'deploy');
    const first = await shell.run(request(`mkdir -p deploy && cd deploy && export RELEASE=sprint-3`), recorder().sink).done;
    expect(first.context.cwd).toBe(sub);
    expect(first.context.env.RELEASE).toBe('sprint-3');
    const out = recorder();
    const second = await shell.run(request('echo "$RELEASE in $(pwd)"', { context: first.context }), out.sink).done;
    expect(out.text()).toBe(`sprint-3 in ${sub}\n`);
    expect(second.context.cwd).toBe(sub);
  });

  it('starts from exactly the given environment, not runbook’s own', async () => {
    const out = recorder();
    const outcome = await shell.run(request('echo "${VITEST-unset} $HOME"'), out.sink).done;
    expect(out.text()).toBe(`unset ${dir}\n`);
    // The shell's own bookkeeping does not pile up from step to step.
    expect(outcome.context.env.SHLVL).toBeUndefined();
  });

  it('reports the cwd of a command that exits early with its own code', async () => {
    const outcome = await shell.run(request('cd / && exit 3'), recorder().sink).done;
    expect(outcome.exitCode).toBe(3);
    expect(outcome.ok).toBe(false);
    expect(outcome.context.cwd).toBe('/');
  });

  it('does not print the captured environment into the output', async () => {
    const out = recorder();
    await shell.run(request('export SECRET_TOKEN=abc123; echo done'), out.sink).done;
    expect(out.text()).toBe('done\n');
  });
});

describe('shell step success', () => {
  it('fails on a non-zero exit unless ok-exit allows it', async () => {
    writeFileSync(path.join(dir, 'app.log'), 'all good\n');
    const grep = 'grep -i error app.log';
    const strict = await shell.run(request(grep), recorder().sink).done;
    expect(strict).toMatchObject({ exitCode: 1, ok: false });
    const lenient = await shell.run(request(grep, { okExit: [0, 1] }), recorder().sink).done;
    expect(lenient).toMatchObject({ exitCode: 1, ok: true });
  });

  it('fails a pipeline whose first command fails (pipefail)', async () => {
    const outcome = await shell.run(request('false | cat'), recorder().sink).done;
    expect(outcome.exitCode).toBe(1);
    const posix = await shell.run(request('false | cat', { shell: 'sh' }), recorder().sink).done;
    expect(posix.exitCode).toBe(0);
  });

  it('gives stdin from /dev/null so a prompt fails fast', async () => {
    const out = recorder();
    const outcome = await shell.run(request('read answer; echo "read exited $?"'), out.sink).done;
    expect(out.text()).toBe('read exited 1\n');
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it('reports a missing program as exit 127 with the shell’s message', async () => {
    const out = recorder();
    const outcome = await shell.run(request('no-such-program-xyz --version'), out.sink).done;
    expect(outcome.exitCode).toBe(127);
    expect(out.text()).toContain('no-such-program-xyz: command not found');
  });

  it('returns an error, not a throw, when the shell or the directory is missing', async () => {
    const noShell = await shell.run(request('true', { shell: 'no-such-shell' }), recorder().sink).done;
    expect(noShell.error).toBe('cannot start shell "no-such-shell": not found');
    expect(noShell.ok).toBe(false);
    const gone = path.join(dir, 'gone');
    const noDir = await shell.run(request('true', { context: { cwd: gone, env: baseEnv() } }), recorder().sink).done;
    expect(noDir.error).toBe(`working directory does not exist: ${gone}`);
    expect(noDir.context.cwd).toBe(gone);
  });
});

describe('stopping shell steps', () => {
  it('stops a follow step on request and counts that as success', async () => {
    const out = recorder();
    const running = shell.run(request('while true; do echo tick; sleep 0.05; done', { follow: true }), out.sink);
    await waitFor(() => out.text().includes('tick'), 'a tick');
    running.stop();
    const outcome = await running.done;
    expect(outcome).toMatchObject({ ok: true, stopped: true, timedOut: false });
  });

  it('stops a normal step as a failure', async () => {
    const out = recorder();
    const running = shell.run(request('echo started; sleep 30'), out.sink);
    await waitFor(() => out.text().includes('started'), 'the start');
    running.stop();
    const outcome = await running.done;
    expect(outcome).toMatchObject({ ok: false, stopped: true, exitCode: null, signal: 'SIGTERM' });
  });

  it('does not let a job left in the background hold the step open', async () => {
    const out = recorder();
    const outcome = await shell.run(request('sleep 30 & echo "left $!"'), out.sink).done;
    const leftover = Number(/left (\d+)/.exec(out.text())?.[1]);
    try {
      expect(outcome).toMatchObject({ ok: true, exitCode: 0 });
      expect(outcome.durationMs).toBeLessThan(5000);
      expect(alive(leftover)).toBe(true);
    } finally {
      process.kill(leftover, 'SIGKILL');
    }
  });

  it('ends a follow step at its timeout, as success', async () => {
    const outcome = await shell.run(request('tail -f /dev/null', { follow: true, timeoutMs: 200 }), recorder().sink).done;
    expect(outcome).toMatchObject({ ok: true, timedOut: true, stopped: false });
  });

  it('times a step out', async () => {
    const outcome = await shell.run(request('sleep 30', { timeoutMs: 200 }), recorder().sink).done;
    expect(outcome).toMatchObject({ ok: false, timedOut: true, stopped: false });
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it('leaves no grandchild behind, even one that ignores SIGTERM', async () => {
    const out = recorder();
    const command = [
      'sleep 100 & echo "pid $!"',
      `bash -c 'trap "" TERM; echo "pid $$"; sleep 100; sleep 100' &`,
      'sleep 100 & echo "pid $!"',
      'wait',
    ].join('\n');
    const running = shell.run(request(command), out.sink);
    await waitFor(() => (out.text().match(/pid \d+/g) ?? []).length === 3, 'three background pids');
    const pids = [...out.text().matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids.every(alive)).toBe(true);
    running.stop();
    await running.done;
    await waitFor(() => !pids.some(alive), 'every grandchild to be gone');
  });

  it('runs a tty step on the terminal without capturing its output', async () => {
    const out = recorder();
    const outcome = await shell.run(request('cd / && export EDITOR_DONE=1', { tty: true }), out.sink).done;
    expect(outcome.ok).toBe(true);
    expect(out.chunks).toHaveLength(0);
    expect(outcome.context).toMatchObject({ cwd: '/', env: { EDITOR_DONE: '1' } } satisfies Partial<ShellContext> & object);
  });
});
