// The journal's disk fills up, or its directory is read-only: runbook runs nothing it cannot
// record and says so in one line, and nothing already recorded is damaged. Real faults: a
// small tmpfs filled to its last block (ENOSPC) and a mount remounted read-only (EROFS) —
// the tests run as root, where chmod would stop nothing.
//
// A read-only remount *while* a run writes is refused by the kernel (EBUSY: a file is open
// for writing), so "the journal stops taking writes mid-run" is exercised by the full disk;
// read-only is exercised where it happens for real: at `run` and at `resume`.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { mountTmpfs, type Mount } from './support/mounts';
import { journalBytes, readEvents, readOutput, type StoredEvent } from './support/journal-file';
import { ScriptedRun } from './support/scripted-run';
import { Tmux } from '../e2e/tmux-pane';

const DISK = new URL('fixtures/disk.md', import.meta.url).pathname;
/** Room for the 64 MiB runbook asks before a run, and a little more. */
const TMPFS_MIB = 72;

const mounts: Mount[] = [];
afterEach(() => {
  for (const m of mounts.splice(0)) m.unmount();
});

function setUp() {
  const dir = tempDir('runbook-disk-');
  const file = join(dir, 'disk.md');
  copyFileSync(DISK, file);
  const markers = join(dir, 'markers');
  mkdirSync(markers);
  mkdirSync(join(dir, 'home'));
  const mount = mountTmpfs(dir, TMPFS_MIB);
  mounts.push(mount);
  const journal = join(mount.path, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'), { MARKER_DIR: markers });
  const ran = (step: string) => existsSync(join(markers, step));
  return { dir, file, journal, env, mount, ran, start: () => new ScriptedRun(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir }) };
}

function expectOneLineError(stderr: string, text: string): void {
  expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
  expect(stderr).toContain(text);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
}

/**
 * Space freed after a fault that stopped the run before `streaming`: the journal verifies,
 * what was recorded before the fault is unchanged, nothing `unrecorded` reached it, and
 * resume runs the rest.
 */
async function expectResumesOnceFreed(rb: ReturnType<typeof setUp>, filler: string, recorded: StoredEvent[], unrecorded: (e: StoredEvent) => boolean): Promise<void> {
  rmSync(filler);
  expect((await runCli(['verify', rb.journal], { env: rb.env })).code).toBe(0);
  const after = readEvents(rb.journal);
  expect(after.slice(0, recorded.length).map((e) => e.hash)).toEqual(recorded.map((e) => e.hash));
  expect(after.some(unrecorded)).toBe(false);
  const resumed = await runCli(['resume', rb.journal, '--plain'], { env: rb.env, cwd: rb.dir, input: 'y\ny\n', timeoutMs: 60_000 });
  expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
  expect(rb.ran('streaming') && rb.ran('third')).toBe(true);
}

describe('the journal disk fills up', () => {
  it('full at a prompt: the next step does not run, the tool says why in one line; after freeing space, resume runs it', async () => {
    const rb = setUp();
    const run = rb.start();
    await run.prompt();
    run.answer('y');
    await run.sees('✔ passed');
    await run.prompt();
    const recorded = readEvents(rb.journal);
    const filler = rb.mount.fill();
    run.answer('y');
    expect(await run.exited, run.err).toBe(1);
    expectOneLineError(run.err, 'cannot record the next step, so it does not run');
    expect(run.out).toContain('The journal cannot be written, so the run stops here');
    expect(rb.ran('first')).toBe(true);
    expect(rb.ran('streaming')).toBe(false);

    await expectResumesOnceFreed(rb, filler, recorded, (e) => e.type === 'step.started' && e.payload.step === 'streaming');
  }, 60_000);

  it('full while a step streams: the step finishes, the run stops before the next one, nothing recorded is lost', async () => {
    const rb = setUp();
    const run = rb.start();
    await run.prompt();
    run.answer('y');
    await run.prompt();
    run.answer('y');
    await run.sees('streaming line 5 ');
    const recorded = readEvents(rb.journal);
    const filler = rb.mount.fill();
    expect(await run.exited).toBe(1);
    expectOneLineError(run.err, 'could not write the journal: database or disk is full');
    expect(run.out).toContain('runbook cannot write the journal');
    expect(run.out).toContain('The journal cannot be written, so the run stops here');
    // The step was let finish (never killed half-way); the one after it never ran.
    expect(run.out).toContain('streaming line 60 ');
    expect(rb.ran('streaming')).toBe(true);
    expect(rb.ran('third')).toBe(false);

    rmSync(filler);
    const verified = await runCli(['verify', rb.journal], { env: rb.env });
    expect(verified.code, verified.stdout).toBe(0);
    const after = readEvents(rb.journal);
    expect(after.slice(0, recorded.length).map((e) => e.hash)).toEqual(recorded.map((e) => e.hash));
    // What reached the journal is a clean prefix of the step's output.
    const lines = readOutput(rb.journal, 'streaming');
    const committed = recorded.filter((e) => e.type === 'output' && e.payload.step === 'streaming').reduce((n, e) => n + Number(e.payload.lines), 0);
    expect(lines.length).toBeGreaterThanOrEqual(committed);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^streaming line ${i + 1} `)));
    // Its outcome was never recorded, so it is interrupted — not passed — and resume re-runs it.
    const shown = JSON.parse((await runCli(['show', rb.journal, '--json'], { env: rb.env })).stdout) as { steps: { id: string; status: string }[] };
    expect(shown.steps.find((s) => s.id === 'streaming')?.status).toBe('interrupted');
    const resumed = await runCli(['resume', rb.journal, '--plain'], { env: rb.env, cwd: rb.dir, input: 'y\ny\n', timeoutMs: 60_000 });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('INTERRUPTED, not done');
    expect(rb.ran('third')).toBe(true);
    expect((await runCli(['verify', rb.journal], { env: rb.env })).code).toBe(0);
  }, 60_000);

  it('too little room to start: run refuses before anything, in one line', async () => {
    const rb = setUp();
    rb.mount.fill();
    const result = await runCli(['run', rb.file, '--plain', '--journal', rb.journal, '--operator', 'ana'], { env: rb.env, cwd: rb.dir, input: 'y\n' });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, 'cannot record the run, so nothing will run');
    expect(existsSync(rb.journal)).toBe(false);
    expect(rb.ran('first')).toBe(false);
  });
});

/** `runbook run FILE` on the screen, in a tmux pane that prints the exit code after it. */
function onScreen(rb: ReturnType<typeof setUp>, file: string) {
  const tmux = new Tmux(rb.dir, { ...rb.env, LANG: 'C.UTF-8', TERM: 'xterm-256color' }, { columns: 100, rows: 30 });
  const pane = tmux.paneId('main:0');
  tmux.command(pane, `runbook run '${file}' --journal '${rb.journal}' --operator ana; echo "EXIT $?"`);
  const footer = (lines: string[]) => lines.filter((l) => l.trim() !== '').at(-1) ?? '';
  return {
    tmux,
    key: (key: string) => tmux.key(pane, key),
    type: (text: string) => tmux.type(pane, text),
    /** Waits for the footer to start with `text` (and the screen to show `shows`, if given). */
    footer: (text: string, what: string, shows?: string) => tmux.waitFor(pane, (lines) => footer(lines).startsWith(text) && (shows === undefined || lines.some((l) => l.includes(shows))), what),
    /**
     * The screen once the runner is gone: stopped in plain words, exit 1, no stack trace. Its
     * text with every run of white space as one space: what is said after the screen is
     * wrapped to the pane.
     */
    async stopped(): Promise<string> {
      const end = await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('EXIT ')), 'the runner to exit', 15_000);
      const screen = end.join('\n');
      const text = screen.replace(/\s+/g, ' ');
      expect(screen).toContain('EXIT 1');
      expect(text).toContain('Run stopped: the journal cannot record it');
      expect(text).toContain(`once there is room: runbook resume ${rb.journal}`);
      expect(screen).not.toMatch(/JournalError|internal error|^\s+at /m);
      return text;
    },
  };
}

describe('the journal disk fills up under the screen', () => {
  it('full when a note is written: the run stops in plain words (no stack trace), exit 1; the note is not recorded, resume goes on', async () => {
    const rb = setUp();
    const screen = onScreen(rb, rb.file);
    try {
      // The first step: $MARKER_DIR is set in the environment, so it is no placeholder to
      // edit: enter runs it at once, enter goes on.
      await screen.footer('enter run', 'the first step');
      screen.key('Enter');
      await screen.footer('enter next', 'the first step passed', 'first step ran');
      screen.key('Enter');
      await screen.footer('enter run', 'the second step', 'step 2/3');
      const recorded = readEvents(rb.journal);
      const filler = rb.mount.fill();
      screen.key('n');
      await screen.footer('enter ok', 'the note prompt');
      screen.type('written on a full disk');
      screen.key('Enter');
      await screen.stopped();
      expect(rb.ran('first')).toBe(true);
      expect(rb.ran('streaming')).toBe(false);

      await expectResumesOnceFreed(rb, filler, recorded, (e) => e.type === 'note.added');
    } finally {
      screen.tmux.close();
    }
  }, 60_000);
});

describe('the journal disk fills up before a step that takes the terminal', () => {
  it('the step does not start; the run stops in plain words, exit 1, and resume runs it', async () => {
    const rb = setUp();
    const file = join(rb.dir, 'tty.md');
    writeFileSync(file, '# Disk tty\n\n## Phase 1\n\n```bash {#first}\necho first\n```\n\n```bash {#takes-terminal tty}\ntouch "ran-tty"\n```\n');
    const screen = onScreen(rb, file);
    try {
      await screen.footer('enter run', 'the first step');
      screen.key('Enter');
      await screen.footer('enter next', 'the first step passed');
      screen.key('Enter');
      await screen.footer('enter run', 'the tty step', 'step 2/2');
      const filler = rb.mount.fill();
      screen.key('Enter');
      expect(await screen.stopped()).toContain('cannot record the next step, so it does not run');
      expect(existsSync(join(rb.dir, 'ran-tty'))).toBe(false);

      rmSync(filler);
      expect((await runCli(['verify', rb.journal], { env: rb.env })).code).toBe(0);
      const resumed = await runCli(['resume', rb.journal, '--plain'], { env: rb.env, cwd: rb.dir, input: 'y\n', timeoutMs: 60_000 });
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(existsSync(join(rb.dir, 'ran-tty'))).toBe(true);
    } finally {
      screen.tmux.close();
    }
  }, 60_000);
});

describe('the journal directory is read-only', () => {
  it('run refuses in one line and creates nothing — with --journal and with the default directory', async () => {
    const rb = setUp();
    rb.mount.readOnly();
    const named = await runCli(['run', rb.file, '--plain', '--journal', rb.journal, '--operator', 'ana'], { env: rb.env, cwd: rb.dir, input: 'y\n' });
    expect(named.code).toBe(2);
    expectOneLineError(named.stderr, 'cannot record the run, so nothing will run');
    expect(named.stderr).toContain('EROFS');
    const home = { ...rb.env, RUNBOOK_HOME: join(rb.mount.path, 'home') };
    const byDefault = await runCli(['run', rb.file, '--plain', '--operator', 'ana'], { env: home, cwd: rb.dir, input: 'y\n' });
    expect(byDefault.code).toBe(2);
    expectOneLineError(byDefault.stderr, 'cannot record the run, so nothing will run');
    expect(rb.ran('first')).toBe(false);
  });

  it('show, verify and report read a journal archived on a read-only mount, through a private copy they remove', async () => {
    const rb = setUp();
    const paused = await runCli(['run', rb.file, '--plain', '--journal', rb.journal, '--operator', 'ana'], { env: rb.env, cwd: rb.dir, input: 'y\nq\n' });
    expect(paused.code, paused.stderr).toBe(0);
    const shownBefore = await runCli(['show', rb.journal, '--json'], { env: rb.env });
    const before = journalBytes(rb.journal);
    rb.mount.readOnly();
    const copies = () => readdirSync(tmpdir()).filter((n) => n.startsWith('runbook-journal-')).length;
    const copiesBefore = copies();
    // SQLite cannot open a WAL journal here (no -shm can be made beside it): the copy can.
    const verified = await runCli(['verify', rb.journal], { env: rb.env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('chain valid');
    const shown = await runCli(['show', rb.journal, '--json'], { env: rb.env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(shownBefore.stdout));
    const report = await runCli(['report', rb.journal], { env: rb.env });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('# Disk faults');
    expect(copies()).toBe(copiesBefore);
    rb.mount.readWrite();
    expect(journalBytes(rb.journal).equals(before)).toBe(true);
  }, 60_000);

  it('resume of a journal on a read-only mount refuses in one line and leaves the file as it was', async () => {
    const rb = setUp();
    const paused = await runCli(['run', rb.file, '--plain', '--journal', rb.journal, '--operator', 'ana'], { env: rb.env, cwd: rb.dir, input: 'y\nq\n' });
    expect(paused.code, paused.stderr).toBe(0);
    const before = journalBytes(rb.journal);
    rb.mount.readOnly();
    const resumed = await runCli(['resume', rb.journal, '--plain'], { env: rb.env, cwd: rb.dir, input: 'y\ny\n' });
    expect(resumed.code).not.toBe(0);
    expect(resumed.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(resumed.stderr).toContain(rb.journal);
    expect(resumed.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(rb.ran('streaming')).toBe(false);
    rb.mount.readWrite();
    expect(journalBytes(rb.journal).equals(before)).toBe(true);
    expect(readFileSync(rb.journal).length).toBeGreaterThan(0);
    const again = await runCli(['resume', rb.journal, '--plain'], { env: rb.env, cwd: rb.dir, input: 'y\ny\n', timeoutMs: 60_000 });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(rb.ran('third')).toBe(true);
  }, 60_000);
});
