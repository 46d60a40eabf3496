// `--plain` on a terminal, while a step's output pours out. Node writes to a terminal
// synchronously on Linux, and the runner reads a step's next output only once the terminal
// has taken the last: the terminal's time and the runner's own added up (a 2M-line step
// took 1.7× the bare command in a tmux pane). While a step runs, the writes go out without
// waiting, so the two overlap: in order (one stream), at most CAP bytes waiting (past it
// the writes block again until the terminal catches up), and all of it on the terminal
// before the runner says anything else. Outside a step, and around a step that has the
// terminal itself (its output goes straight there, so ours must be out first), nothing
// changes. The mode is our own: libuv opened the terminal anew for process.stdout, so the
// children's inherited descriptor stays blocking (test/e2e/plain-flood.test.ts).

import type { Writable } from 'node:stream';

/** Bytes waiting for the terminal before the writes wait for it again. */
const CAP = 8 * 1024 * 1024;

/** libuv's handle behind a TTY stream (not a public API: checked before it is used). */
interface TtyHandle {
  setBlocking?: (blocking: boolean) => number;
}

export interface StepOutput {
  /** Runs `step` with the terminal's writes not waiting; everything written is on the terminal when it resolves. */
  during<T>(step: () => Promise<T>): Promise<T>;
  /** After each write: past CAP waiting, writes wait again until the terminal drains. */
  written(): void;
}

/** For a TTY `stream` whose handle can switch; null otherwise (a pipe or a file: nothing to gain). */
export function asyncStepOutput(stream: Writable & { isTTY?: boolean }): StepOutput | null {
  const handle = (stream as unknown as { _handle?: TtyHandle })._handle;
  const setBlocking = handle?.setBlocking;
  if (!stream.isTTY || typeof setBlocking !== 'function') return null;
  let during = false;
  let blocking = true;
  const block = (on: boolean) => {
    if (blocking !== on && setBlocking.call(handle, on) === 0) blocking = on;
  };
  // Past CAP a write returned false: 'drain' comes once the terminal has it all.
  const onDrain = () => {
    if (during) block(false);
  };
  /** Everything written so far is on the terminal, or the terminal is gone. */
  const settled = () =>
    new Promise<void>((resolve) => {
      if (stream.writableLength === 0 || stream.destroyed) return resolve();
      const done = () => {
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.once('error', done);
      stream.once('close', done);
      // Written in order: this empty write's callback runs once those before it are out.
      stream.write('', done);
    });
  return {
    async during(step) {
      stream.on('drain', onDrain);
      during = true;
      block(false);
      try {
        return await step();
      } finally {
        await settled();
        during = false;
        block(true);
        stream.off('drain', onDrain);
      }
    },
    written() {
      if (during && stream.writableLength > CAP) block(true);
    },
  };
}
