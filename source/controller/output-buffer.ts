// What this process keeps of a step's output in memory — the journal keeps every line:
// a bounded head, for judging an expectation against the output, and the last lines in a
// ring, for the screen's live view of a running step (thousands of lines a second stream
// by; the screen only ever reads the last few).

export interface OutputBufferLimits {
  /** Lines kept at the end. */
  tailLines: number;
  /** Characters kept from the start, for text(); 0 keeps no head. */
  headChars?: number;
  /** Longest line kept (its end): a step that prints no newline stays bounded. */
  maxLine?: number;
}

export class OutputBuffer {
  private readonly capacity: number;
  private readonly headLimit: number;
  private readonly maxLine: number;
  private headText = '';
  private headFull = false;
  private readonly ring: string[];
  private start = 0;
  private count = 0;
  private partial = '';
  private total = 0;

  constructor(limits: OutputBufferLimits) {
    this.capacity = limits.tailLines;
    this.headLimit = limits.headChars ?? 0;
    this.maxLine = limits.maxLine ?? Infinity;
    this.ring = new Array<string>(this.capacity).fill('');
  }

  push(chunk: string): void {
    if (!this.headFull && this.headLimit > 0) {
      this.headText += chunk;
      if (this.headText.length > this.headLimit) {
        this.headText = this.headText.slice(0, this.headLimit);
        this.headFull = true;
      }
    }
    const end = chunk.lastIndexOf('\n');
    if (end === -1) {
      this.partial = this.cut(this.partial + chunk);
      return;
    }
    this.total += countNewlines(chunk);
    // Only the last `capacity` lines of a big chunk can ever be read: find where they
    // start from the end, rather than splitting every line of the chunk (a pipe read holds
    // thousands).
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
    for (const line of kept.split('\n')) this.add(this.cut(line));
    this.partial = this.cut(chunk.slice(end + 1));
  }

  /** The output for judging: whole while it fits the head, else the head and the tail. */
  text(): string {
    if (!this.headFull) return this.headText;
    return `${this.headText}\n${this.tail(this.capacity).join('\n')}`;
  }

  /** The last `n` lines, the unfinished last one included. */
  tail(n: number): string[] {
    const lines: string[] = [];
    for (let i = 0; i < this.count; i++) lines.push(this.ring[(this.start + i) % this.capacity] ?? '');
    if (this.partial) lines.push(this.partial);
    return n > 0 ? lines.slice(Math.max(0, lines.length - n)) : [];
  }

  /** Lines so far, the unfinished last one included. */
  lineCount(): number {
    return this.total + (this.partial ? 1 : 0);
  }

  private add(line: string): void {
    if (this.capacity === 0) return;
    const at = (this.start + this.count) % this.capacity;
    this.ring[at] = line;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  private cut(line: string): string {
    return line.length > this.maxLine ? line.slice(-this.maxLine) : line;
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
