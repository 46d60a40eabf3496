// The live tail of a running step: a ring buffer kept outside React state. The output
// can be thousands of lines a second; the screen only ever reads the last few.

import { cleanLine } from '../run/terminal-text';

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
  /** The step whose output this is. */
  step: string | null = null;

  constructor(private readonly capacity = 500) {
    this.ring = new Array<string>(capacity).fill('');
  }

  push(chunk: string): void {
    this.version++;
    const end = chunk.lastIndexOf('\n');
    if (end === -1) {
      this.partial = (this.partial + chunk).slice(-MAX_LINE);
      return;
    }
    this.total += countNewlines(chunk);
    // Only the last `capacity` lines of a big chunk can ever be seen: find where they
    // start from the end, rather than splitting (and cleaning) every line of the chunk.
    let from = end;
    for (let n = 0; n < this.capacity; n++) {
      if (from <= 0) {
        from = -1;
        break;
      }
      from = chunk.lastIndexOf('\n', from - 1);
      if (from === -1) break;
    }
    const kept = from === -1 ? this.partial + chunk.slice(0, end) : chunk.slice(from + 1, end);
    for (const line of kept.split('\n')) this.add(line.slice(-MAX_LINE));
    this.partial = chunk.slice(end + 1).slice(-MAX_LINE);
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
    if (this.partial) all.push(this.partial);
    // Cleaned as they are shown: a few dozen lines a frame, not every line that streams by.
    const lines = n > 0 ? all.slice(-n).map(cleanLine) : [];
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

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
