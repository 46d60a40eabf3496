// Benchmark hooks (bench/README.md): `npm run bench` times what only the process itself
// sees — when a frame reaches the terminal, when a key reaches its handler, how long a
// journal commit takes. cli.tsx makes them when RUNBOOK_BENCH_LOG names a file and hands
// them in (the journal and the screen take them as options and import nothing from here);
// unset, there are none, and each place that would call one checks for undefined.

import { appendFileSync } from 'node:fs';

export interface BenchHooks {
  /** The journal's commit hook (journal/journal.ts). */
  commit(ms: number, events: number, chunks: number, seq: number): void;
  /** The screen's probe (ui/screen-probe.ts). */
  screen: {
    key(): void;
    shows(detail: string | number): void;
    frame(): void;
  };
}

/** The hooks writing to `path`, or undefined without one. Logs `start` at once. */
export function benchHooks(path: string | undefined): BenchHooks | undefined {
  if (!path) return undefined;
  const file = path;
  /** What the screen shows, for the next frame's line (the watcher's last event seq). */
  let shown = '';
  /** Appends `<epoch ms> <pid> <process CPU ms> <what> <detail>` to the log. */
  const mark = (what: string, detail: string | number = '') => {
    const cpu = process.cpuUsage();
    appendFileSync(file, `${(performance.timeOrigin + performance.now()).toFixed(3)} ${process.pid} ${((cpu.user + cpu.system) / 1000).toFixed(1)} ${what} ${detail}\n`);
  };
  mark('start', performance.timeOrigin.toFixed(3));
  return {
    commit: (ms, events, chunks, seq) => mark('commit', `${ms.toFixed(3)} ${events} ${chunks} ${seq}`),
    screen: {
      key: () => mark('key'),
      shows: (detail) => {
        shown = String(detail);
      },
      frame: () => mark('frame', shown),
    },
  };
}
