// Text on its way to a terminal. A runbook, a step's output, a database cell and a journal
// hold other people's bytes: written raw, an escape sequence can hide part of a command
// (`touch PWNED \e[2K\e[1G$ echo hello` reads as `$ echo hello`), fake a line above, retitle
// the window or fill the clipboard (OSC 52), and a bidi override can reorder what is read.
// Every front end draws such text through here; the journal keeps the real bytes.

// CSI and OSC sequences, and the other escapes: ESC, intermediates, one final character
// (`tput sgr0`'s ESC ( B, ESC 7 and ESC 8 around a redraw, ESC = and ESC >, ESC c).
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[ -/]*[0-~]/g;
// C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a CSI of its own).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Characters that draw nothing or reorder what is drawn: soft hyphen, Arabic letter mark,
// Mongolian vowel separator, zero-width spaces and joiners, direction marks, line and
// paragraph separators, bidi embeddings and overrides, invisible operators, bidi isolates,
// the byte-order mark, interlinear annotations, and the invisible tag characters.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;
const HIDDEN = new RegExp(`${CONTROLS.source}|${INVISIBLE.source}`, 'gu');
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

function codePoint(ch: string): string {
  return `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

function escapeChar(ch: string): string {
  if (ch === '\u001B') return '\\e';
  if (ch === '\r') return '\\r';
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0x9f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return codePoint(ch);
}

/** True when `text` holds a control or invisible character that `visible` would spell out. */
export function hasHidden(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/**
 * `text` exactly as it is, every control and invisible character spelled out: ESC as `\e`,
 * a carriage return as `\r`, other C0 and C1 controls and DEL as `\x07`, `\x9b`, `\x7f`,
 * bidi and zero-width characters as `<U+202E>`. Tab and newline stay (a CR LF pair reads as
 * a newline). What is shown is then what runs.
 */
export function visible(text: string): string {
  const lines = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
  return hasHidden(lines) ? lines.replace(HIDDEN, escapeChar) : lines;
}

/**
 * `visible` for a message that must stay one line (an error): a newline in what it quotes
 * (a file named `x\nok.md`) is spelled `\n`, so it cannot fake a second line.
 */
export function visibleLine(text: string): string {
  return visible(text).replace(/\n/g, '\\n');
}

/**
 * `visible` for text that comes in pieces (a step's output as it streams): a carriage
 * return at the end of one piece waits for the next, to read CR LF as a newline.
 */
export class VisibleStream {
  private carriageReturn = false;

  write(piece: string): string {
    let text = this.carriageReturn ? `\r${piece}` : piece;
    this.carriageReturn = text.endsWith('\r');
    if (this.carriageReturn) text = text.slice(0, -1);
    return visible(text);
  }
}

const JSON_HIDDEN = new RegExp(`[\\u007F-\\u009F]|${INVISIBLE.source}`, 'gu');

/**
 * A JSON document made safe for a terminal: `JSON.stringify` escapes the C0 controls already;
 * DEL, the C1 controls and the invisible characters are escaped too (`\u009b`, `\u202e`), so
 * the document parses to exactly the same values and shows nothing raw.
 */
export function terminalJson(json: string): string {
  return json.replace(JSON_HIDDEN, (ch) =>
    ch
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

/**
 * One output line as a screen draws it: what a terminal leaves on the line (drawnLine),
 * colour codes and control characters removed, tabs as spaces, and the invisible
 * characters spelled out as `<U+202E>`.
 */
export function cleanLine(line: string): string {
  const drawn = /[\r\b]/.test(line) ? drawnLine(line) : line.replace(ESCAPES, '').replace(CONTROLS, '');
  return expandTabs(INVISIBLE.test(drawn) ? drawn.replace(INVISIBLE_ALL, codePoint) : drawn);
}

// One escape or one character (a whole code point), in the order drawn.
const DRAWN = new RegExp(`${ESCAPES.source}|[^]`, 'gu');
// eslint-disable-next-line no-control-regex
const ERASE_IN_LINE = /^\u001B\[([012]?)K$/;
const CONTROL = new RegExp(CONTROLS.source);

/**
 * What a terminal leaves on a line that redraws itself. A carriage return goes back to the
 * first column and what follows overwrites only what it covers: a progress bar reads as its
 * last state, and `ERROR: disk full\rOK` leaves `OKROR: disk full`, as a terminal does, never
 * just `OK`. A backspace steps back a column; erase-in-line (`\e[K`, `\e[1K`, `\e[2K`)
 * clears as it says; other escapes and controls draw nothing.
 */
function drawnLine(line: string): string {
  const cells: string[] = [];
  let at = 0;
  for (const [token] of line.matchAll(DRAWN)) {
    if (token === '\r') at = 0;
    else if (token === '\b') at = Math.max(0, at - 1);
    else if (token.startsWith('\u001B')) {
      const erase = ERASE_IN_LINE.exec(token)?.[1];
      if (erase === '' || erase === '0') cells.length = Math.min(cells.length, at);
      else if (erase === '1') cells.fill(' ', 0, Math.min(cells.length, at + 1));
      else if (erase === '2') cells.fill(' ');
    } else if (token === '\t' || !CONTROL.test(token)) {
      while (cells.length < at) cells.push(' ');
      cells[at++] = token;
    }
  }
  return cells.join('').trimEnd();
}

/** Tabs as the spaces a terminal would draw (stops every 8 columns), for a fixed layout. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}
