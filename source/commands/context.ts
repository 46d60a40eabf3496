// What a command may touch of the outside world, handed in by cli.tsx.

import type { Readable } from 'node:stream';
import type { BenchHooks } from '../bench-hooks';

export interface CommandContext {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: Readable;
  isTTY: boolean;
  /** The terminal's width now (it can change during a run); 80 when stdout is not one. */
  columns: () => number;
  /** The bench's hooks, when RUNBOOK_BENCH_LOG names a file (bench/README.md). */
  bench?: BenchHooks;
}
