// Rendering a screen the way a terminal of a given size would show it, and waiting for a
// frame instead of sleeping. Like ink-testing-library, with a size that can change.

import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  /** The terminal's size when each frame was written. */
  readonly sizes: ({ columns: number; rows: number } | null)[] = [];
  /** Set while a resize is announced: Ink redraws the old tree once before React re-lays out. */
  resizing = false;
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    this.sizes.push(this.resizing ? null : { columns: this.columns, rows: this.rows });
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  write = (data: string): void => {
    this.queue.push(data);
    this.emit('readable');
  };
  read = (): string | null => this.queue.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface Screen {
  lastFrame: () => string;
  frames: string[];
  /**
   * Types keys one at a time, as a person would: each after the screen has had its turn
   * (React renews input handlers in effects, after the frame is written).
   */
  press: (...keys: string[]) => Promise<void>;
  /** One read of stdin now, without waiting for the screen (keys faster than a frame). */
  write: (data: string) => void;
  resize: (columns: number, rows: number) => void;
  rerender: (tree: ReactElement) => void;
  unmount: () => void;
  size: () => { columns: number; rows: number };
  /** Frames that did not fit the terminal they were drawn for. */
  misfits: () => string[];
}

export const KEYS = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
} as const;

const mounted: Screen[] = [];

export function renderScreen(tree: ReactElement, size: { columns: number; rows: number } = { columns: 80, rows: 24 }): Screen {
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(size.columns, size.rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const screen: Screen = {
    lastFrame: () => stdout.frames.at(-1) ?? '',
    frames: stdout.frames,
    press: async (...keys) => {
      for (const key of keys) {
        await new Promise((resolve) => setImmediate(resolve));
        stdin.write(key);
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
    write: (data) => stdin.write(data),
    resize: (columns, rows) => {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.resizing = true;
      stdout.emit('resize');
      stdout.resizing = false;
    },
    rerender: (next) => instance.rerender(next),
    unmount: () => instance.unmount(),
    size: () => ({ columns: stdout.columns, rows: stdout.rows }),
    misfits: () =>
      stdout.frames.filter((f, i) => {
        const at = stdout.sizes[i];
        return at !== null && !fits(f, at ?? size).ok;
      }),
  };
  mounted.push(screen);
  return screen;
}

/**
 * Unmounts every screen of the test; throws when any frame it drew was wider than its
 * terminal or not shorter than it (Ink would clear the screen: flicker in tmux).
 */
export function unmountAll(): void {
  const screens = mounted.splice(0);
  for (const s of screens) s.unmount();
  const bad = screens.flatMap((s) => s.misfits());
  if (bad.length > 0) throw new Error(`${bad.length} frames did not fit their terminal; the first:\n${bad[0]}`);
}

/** Polls the latest frame until it satisfies `test`, or fails with the last frame shown. */
export async function waitForFrame(lastFrame: () => string | undefined, test: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (test(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`no frame matched within ${timeoutMs} ms; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until `condition` holds (something outside the screen, like the journal). */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every line fits the width and the frame is shorter than the terminal (so Ink never clears it). */
export function fits(frame: string, size: { columns: number; rows: number }): { ok: boolean; widest: number; lines: number } {
  const lines = frame.split('\n');
  const widest = Math.max(0, ...lines.map((l) => [...l].length));
  return { ok: widest <= size.columns && lines.length <= size.rows - 1, widest, lines: lines.length };
}
