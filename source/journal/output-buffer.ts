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

/**
 * Such a line is cut at a space, tab, comma or semicolon at least this far from its end,
 * and what follows the cut is held for the rest of the line: redaction reads each piece
 * alone, so a cut through `"password": "…"` or a token would write half of it in clear.
 * A cut is taken only where this much text on either side redacts the same cut or whole.
 */
const CUT_WINDOW = 4096;
/** How far back a cut is looked for, and how many places are tried; a blob with no clean cut is written whole. */
const CUT_SEARCH = 64 * 1024;
const CUT_TRIES = 32;

export interface LineRun {
  step: string;
  stream: OutputStream;
  /** Whole lines, joined by newlines (no trailing newline). */
  text: string;
  lines: number;
  size: number;
}

export interface OutputRedaction {
  (text: string): string;
  /** A redactor for one stream of one step (it may follow a private key's body across lines). */
  stream?: () => (text: string) => string;
}

export class OutputBuffer {
  private readonly redact: OutputRedaction;
  /** Partial last line per step and stream, not yet redacted. */
  private readonly held = new Map<string, { step: string; stream: OutputStream; text: string }>();
  /** Each stream's own redactor, while its step runs: what one step printed never redacts another's. */
  private readonly streams = new Map<string, (text: string) => string>();
  private runs: LineRun[] = [];
  /** Bytes of the runs waiting to be taken. */
  bytes = 0;

  constructor(redact: OutputRedaction) {
    this.redact = redact;
  }

  /** Whole lines are waiting to be written. */
  get hasLines(): boolean {
    return this.runs.length > 0;
  }

  add(step: string, stream: OutputStream, chunk: string): void {
    if (chunk.length === 0) return;
    const key = streamKey(step, stream);
    const held = this.held.get(key);
    const text = held === undefined ? chunk : held.text + chunk;
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline !== -1) this.pushLines(step, stream, text.slice(0, lastNewline));
    const rest = lastNewline === -1 ? text : text.slice(lastNewline + 1);
    if (rest.length === 0) {
      this.held.delete(key);
    } else if (rest.length > HELD_LINE_CAP) {
      const cut = longLineCut(rest, this.redact);
      this.pushLines(step, stream, rest.slice(0, cut));
      if (cut < rest.length) this.held.set(key, { step, stream, text: rest.slice(cut) });
      else this.held.delete(key);
    } else {
      this.held.set(key, { step, stream, text: rest });
    }
  }

  /** The step ended: its partial lines are complete now, and a key its output opened ends with it. */
  flush(step: string): void {
    for (const [key, held] of this.held) {
      if (held.step !== step) continue;
      this.held.delete(key);
      this.pushLines(held.step, held.stream, held.text);
    }
    for (const stream of ['stdout', 'stderr'] as const) this.streams.delete(streamKey(step, stream));
  }

  flushAll(): void {
    for (const held of this.held.values()) this.pushLines(held.step, held.stream, held.text);
    this.held.clear();
    this.streams.clear();
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
    this.bytes = 0;
    return byStep;
  }

  /**
   * Whole lines (joined by newlines), redacted in one call and kept as one block: a
   * redaction and a string per line capped a fast step near half a million lines a second.
   * Redaction keeps the lines as they were (a secret holding line ends keeps them), so the
   * journal's line N is the line N the screen showed.
   */
  private pushLines(step: string, stream: OutputStream, block: string): void {
    this.append(step, stream, this.redactorOf(step, stream)(block));
  }

  private redactorOf(step: string, stream: OutputStream): (text: string) => string {
    const make = this.redact.stream;
    if (!make) return this.redact;
    const key = streamKey(step, stream);
    let redact = this.streams.get(key);
    if (!redact) this.streams.set(key, (redact = make()));
    return redact;
  }

  /** Adds whole lines to the runs, cut at line ends into rows of about CHUNK_CAP. */
  private append(step: string, stream: OutputStream, block: string): void {
    this.bytes += block.length + 1;
    let rest = block;
    for (;;) {
      const last = this.runs.at(-1);
      const room = last !== undefined && last.step === step && last.stream === stream ? CHUNK_CAP - last.size : 0;
      if (last !== undefined && rest.length < room) {
        last.text += `\n${rest}`;
        last.size += rest.length + 1;
        last.lines += countLines(rest);
        return;
      }
      // As many whole lines as fit in the last run; a line longer than a row gets one of its own.
      const cut = room > 0 ? rest.lastIndexOf('\n', room - 1) : -1;
      if (last !== undefined && cut !== -1) {
        const piece = rest.slice(0, cut);
        last.text += `\n${piece}`;
        last.size += piece.length + 1;
        last.lines += countLines(piece);
        rest = rest.slice(cut + 1);
        continue;
      }
      const end = rest.length < CHUNK_CAP ? -1 : cutAt(rest);
      const piece = end === -1 ? rest : rest.slice(0, end);
      this.runs.push({ step, stream, text: piece, lines: countLines(piece), size: piece.length + 1 });
      if (end === -1) return;
      rest = rest.slice(end + 1);
    }
  }
}

/**
 * Where to cut a partial line over HELD_LINE_CAP: just after a separator near its end where
 * the redaction of the two sides equals that of the text across the cut; where there is
 * none, anywhere near its end that passes the same test (a blob, then a password still
 * arriving: cut at the chunk's end, its value would be cut in two); else its end.
 */
function longLineCut(text: string, redact: (text: string) => string): number {
  const last = text.length - CUT_WINDOW;
  const clean = (at: number): boolean => {
    const before = text.slice(Math.max(0, at - CUT_WINDOW), at);
    const after = text.slice(at, at + CUT_WINDOW);
    return redact(before) + redact(after) === redact(before + after);
  };
  let tries = 0;
  for (let i = last; i > Math.max(0, last - CUT_SEARCH) && tries < CUT_TRIES; i--) {
    const c = text.charCodeAt(i);
    // space, tab, comma, semicolon
    if (c !== 32 && c !== 9 && c !== 44 && c !== 59) continue;
    tries++;
    if (clean(i + 1)) return i + 1;
  }
  const stride = Math.floor(CUT_SEARCH / CUT_TRIES);
  for (let at = last; at > Math.max(0, last - CUT_SEARCH); at -= stride) if (clean(at)) return at;
  return text.length;
}

const streamKey = (step: string, stream: OutputStream): string => `${stream}\u0000${step}`;

/** Where a new row ends: the last line end within CHUNK_CAP, else the end of its first line; -1 keeps it all. */
function cutAt(text: string): number {
  const within = text.lastIndexOf('\n', CHUNK_CAP - 1);
  return within > 0 ? within : text.indexOf('\n');
}

function countLines(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
