// Step output on its way to the journal: raw chunks in, redacted whole lines out,
// grouped into runs of one step and one stream, ready to become `output` rows.

import type { OutputStream } from './format';

/** A chunk row holds whole lines up to about this many characters. */
export const CHUNK_CAP = 64 * 1024;

/**
 * A partial line longer than this is written out as a line of its own rather than
 * held without bound (a program printing megabytes with no newline).
 */
export const HELD_LINE_CAP = 1024 * 1024;

export interface LineRun {
  step: string;
  stream: OutputStream;
  lines: string[];
  size: number;
}

export class OutputBuffer {
  private readonly redact: (text: string) => string;
  /** Partial last line per step and stream, not yet redacted. */
  private readonly held = new Map<string, { step: string; stream: OutputStream; text: string }>();
  private runs: LineRun[] = [];

  constructor(redact: (text: string) => string) {
    this.redact = redact;
  }

  /** Whole lines are waiting to be written. */
  get hasLines(): boolean {
    return this.runs.length > 0;
  }

  add(step: string, stream: OutputStream, chunk: string): void {
    if (chunk.length === 0) return;
    const key = `${stream}\u0000${step}`;
    const held = this.held.get(key);
    const text = held === undefined ? chunk : held.text + chunk;
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.push(step, stream, text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    const rest = start === 0 ? text : text.slice(start);
    if (rest.length === 0) {
      this.held.delete(key);
    } else if (rest.length > HELD_LINE_CAP) {
      this.held.delete(key);
      this.push(step, stream, rest);
    } else {
      this.held.set(key, { step, stream, text: rest });
    }
  }

  /** The step ended: its partial lines are complete now. */
  flush(step: string): void {
    for (const [key, held] of this.held) {
      if (held.step !== step) continue;
      this.held.delete(key);
      this.push(held.step, held.stream, held.text);
    }
  }

  flushAll(): void {
    for (const held of this.held.values()) this.push(held.step, held.stream, held.text);
    this.held.clear();
  }

  /** Takes the waiting lines, grouped by step in order of first appearance. */
  take(): Map<string, LineRun[]> {
    const byStep = new Map<string, LineRun[]>();
    for (const run of this.runs) {
      const list = byStep.get(run.step);
      if (list === undefined) byStep.set(run.step, [run]);
      else list.push(run);
    }
    this.runs = [];
    return byStep;
  }

  private push(step: string, stream: OutputStream, raw: string): void {
    let line = this.redact(raw);
    // A redactor must not change how many lines there are.
    if (line !== raw && line.includes('\n')) line = line.replaceAll('\n', ' ');
    const last = this.runs.at(-1);
    if (last !== undefined && last.step === step && last.stream === stream && last.size + line.length < CHUNK_CAP) {
      last.lines.push(line);
      last.size += line.length + 1;
      return;
    }
    this.runs.push({ step, stream, lines: [line], size: line.length + 1 });
  }
}
