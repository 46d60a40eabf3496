// The shell executor, loaded on first use: execa and the Node modules it pulls in are
// ~30 ms of CPU the first frame does not need. drive.ts starts loading it once the screen
// is up (or at once for --plain), so the first step does not wait for it either.

import type { RunningShell, ShellExecutor, ShellOutcome } from '../executors/types';

export interface LazyShellExecutor extends ShellExecutor {
  /** Starts loading now; a failure shows when a step runs. */
  preload(): void;
}

export function lazyShellExecutor(): LazyShellExecutor {
  let loading: Promise<ShellExecutor> | null = null;
  const load = () => (loading ??= import('../executors/shell').then((m) => m.createShellExecutor()));
  return {
    preload() {
      load().catch(() => undefined);
    },
    run(request, sink): RunningShell {
      let inner: RunningShell | null = null;
      let stopped = false;
      const done: Promise<ShellOutcome> = load().then((shell) => {
        inner = shell.run(request, sink);
        // Stopped before it could start: it starts and stops at once, as a stop would.
        if (stopped) inner.stop();
        return inner.done;
      });
      return {
        get pid() {
          return inner?.pid;
        },
        stop() {
          stopped = true;
          inner?.stop();
        },
        done,
      };
    },
  };
}
