// Answers read line by line from stdin. End of input (or a hangup) reads as null.

import type { Readable } from 'node:stream';

export class LineReader {
  private readonly queue: string[] = [];
  /** While a secret is typed on a terminal: keys are taken one by one, echoed as •. */
  private hidden: { value: string; out: (text: string) => void; resolve: (line: string | null) => void } | null = null;
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
    if (this.hidden) return this.takeHidden(chunk);
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

  private takeHidden(chunk: string): void {
    const h = this.hidden;
    if (!h) return;
    for (const ch of chunk) {
      if (ch === '\r' || ch === '\n' || ch === '\u0003' || ch === '\u0004') {
        this.hidden = null;
        (this.input as Readable & { setRawMode?: (raw: boolean) => void }).setRawMode?.(false);
        this.input.pause();
        h.out('\n');
        // Ctrl-C or Ctrl-D at a secret prompt reads as end of input: stop, resumable.
        h.resolve(ch === '\r' || ch === '\n' ? h.value : null);
        return;
      }
      if (ch === '\u007f' || ch === '\b') {
        if (h.value) h.out('\b \b');
        h.value = h.value.slice(0, -1);
      } else {
        h.value += ch;
        h.out('•');
      }
    }
  }

  /**
   * A secret typed on a terminal: echo off (raw mode), a • per key. From a pipe there is
   * nothing to hide, so it is the next line.
   */
  nextHidden(out: (text: string) => void): Promise<string | null> {
    const tty = this.input as Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };
    if (!tty.isTTY || !tty.setRawMode || this.queue.length > 0 || this.ended) return this.next();
    return new Promise((resolve) => {
      this.hidden = { value: '', out, resolve };
      tty.setRawMode?.(true);
      this.input.resume();
    });
  }

  /** Stops listening (another reader, the screen, takes stdin from here on). */
  detach(): void {
    this.input.pause();
    this.input.removeAllListeners('data');
    this.input.removeAllListeners('end');
    this.input.removeAllListeners('error');
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

/** Prints the prompt and reads one answer; an answer from a pipe is echoed so the transcript reads. */
export async function ask(io: { out: (text: string) => void; lines: LineReader; echo: boolean }, prompt: string): Promise<string | null> {
  io.out(`${prompt} `);
  const line = await io.lines.next();
  if (line === null) io.out('\n');
  else if (io.echo) io.out(`${line}\n`);
  return line;
}
