// What `npm run bench` times from inside the screen (bench/README.md): the command hands a
// probe in when RUNBOOK_BENCH_LOG is set (cli.tsx, bench-hooks.ts); without one, nothing is
// measured and the screen imports nothing for it.

export interface ScreenProbe {
  /** A key reached the run screen's key handler: when, never which (it may be a secret typed at a prompt). */
  key(): void;
  /** What the next frame will show (the watcher's last event seq), logged with it. */
  shows(detail: string | number): void;
  /** A frame was written to the terminal (Ink's onRender, after its throttle). */
  frame(): void;
}
