// Benchmark hooks (bench/README.md): `npm run bench` times what only the process itself
// sees — when a frame reaches the terminal, when a key reaches its handler, how long a
// journal commit takes. cli.tsx turns them on when RUNBOOK_BENCH_LOG names a file; unset,
// every hook is one comparison against undefined.

import { appendFileSync } from 'node:fs';

let file: string | undefined;
/** What the screen shows, for the next frame's line (the watcher's last event seq). */
let shown = '';

export function enableBenchHooks(path: string | undefined): void {
  file = path || undefined;
  if (file !== undefined) benchMark('start', performance.timeOrigin.toFixed(3));
}

/** Appends `<epoch ms> <pid> <process CPU ms> <what> <detail>` to the log. */
export function benchMark(what: string, detail: string | number = ''): void {
  if (file === undefined) return;
  const cpu = process.cpuUsage();
  appendFileSync(file, `${(performance.timeOrigin + performance.now()).toFixed(3)} ${process.pid} ${((cpu.user + cpu.system) / 1000).toFixed(1)} ${what} ${detail}\n`);
}

/** Notes what the next frame will show; logged with it. */
export function benchShows(detail: string | number): void {
  if (file !== undefined) shown = String(detail);
}

/** Ink's render options: `onRender` is called as each frame is written (after Ink's throttle). */
export function benchRenderOptions(): { onRender?: () => void } {
  return file === undefined ? {} : { onRender: () => benchMark('frame', shown) };
}
