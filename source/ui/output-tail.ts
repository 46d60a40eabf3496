// The live tail of a running step: a ring buffer kept outside React state. The output
// can be thousands of lines a second; the screen only ever reads the last few.

import { cleanLine } from './text';

/** Longest line kept: enough for any screen, bounded for a step that prints no newline. */
const MAX_LINE = 2000;

export class OutputTail {
  private readonly ring: string[];
  private start = 0;
  private count = 0;
  private partial = '';
  private total = 0;
  /** Bumped on every push, so a timer can tell whether to re-render. */
  version = 0;

  constructor(private readonly capacity = 500) {
    this.ring = new Array<string>(capacity).fill('');
  }

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = (parts.pop() ?? '').slice(-MAX_LINE);
    this.total += parts.length;
    // Only the last `capacity` lines of a big chunk can ever be seen.
    for (let i = Math.max(0, parts.length - this.capacity); i < parts.length; i++) this.add(cleanLine((parts[i] ?? '').slice(-MAX_LINE)));
    this.version++;
  }

  private add(line: string): void {
    const at = (this.start + this.count) % this.capacity;
    this.ring[at] = line;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Lines so far, the unfinished last one included. */
  lineCount(): number {
    return this.total + (this.partial ? 1 : 0);
  }

  /** The last `n` lines, and how many went by before them. */
  view(n: number): { lines: string[]; hidden: number } {
    const all: string[] = [];
    for (let i = 0; i < this.count; i++) all.push(this.ring[(this.start + i) % this.capacity] ?? '');
    if (this.partial) all.push(cleanLine(this.partial));
    const lines = n > 0 ? all.slice(-n) : [];
    return { lines, hidden: this.lineCount() - lines.length };
  }

  reset(): void {
    this.start = 0;
    this.count = 0;
    this.partial = '';
    this.total = 0;
    this.version++;
  }
}
