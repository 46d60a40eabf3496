// Answers read line by line from stdin. End of input (or a hangup) reads as null.

import type { Readable } from 'node:stream';

export class LineReader {
  private readonly queue: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private partial = '';

  constructor(private readonly input: Readable) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.take(chunk));
    input.on('end', () => this.end());
    input.on('error', () => this.end());
    // Read only while a prompt waits, so `yes y |` does not fill memory.
    input.pause();
  }

  private take(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.queue.push(p.replace(/\r$/, ''));
    this.deliver();
  }

  /** Hands a line (or the end) to the waiting prompt; false when there is nothing yet. */
  private deliver(): boolean {
    const resolve = this.waiting;
    if (!resolve) return false;
    const line = this.queue.shift();
    if (line === undefined && !this.ended) return false;
    this.waiting = null;
    this.input.pause();
    resolve(line ?? null);
    return true;
  }

  end(): void {
    if (this.partial) {
      this.queue.push(this.partial);
      this.partial = '';
    }
    this.ended = true;
    this.deliver();
  }

  /** The next line, or null at end of input. */
  next(): Promise<string | null> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      if (!this.deliver()) this.input.resume();
    });
  }

  close(): void {
    this.input.pause();
    this.input.removeAllListeners('data');
    this.input.destroy();
  }
}
