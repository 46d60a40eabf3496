// What of the terminal's input reaches Ink. Ink 6 throws (and the run screen dies, mid-deploy)
// on an escape sequence it reads as "ctrl + a key it has no name for": pasted colour codes
// (ESC[0m, ESC[31m) and real keys such as ctrl-F1 (ESC[1;5P). The screen uses none of them,
// so any CSI sequence that is not a key the screen may use is dropped before Ink reads it,
// and so is every string sequence (a window title pasted with the text).

// eslint-disable-next-line no-control-regex -- ESC is what it looks for
const CSI = /\x1b+\[(?!\[)([0-?]*)([ -/]*)([@-~])/g;

/** Numbers of ESC [ n ~ keys: home, insert, delete, end, page up/down, F1–F12, paste marks. */
const TILDE_KEYS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24, 200, 201]);

function isKey(params: string, intermediates: string, final: string): boolean {
  if (intermediates !== '') return false;
  // Arrows, clear, end, home, shift-tab: bare or with a modifier (ESC[1;5A).
  if ('ABCDEFHZ'.includes(final)) return /^(?:1;\d+)?$/.test(params);
  // Ink's own keyboard protocol answers (ESC[97;5u), which it parses safely.
  if (final === 'u') return /^\d+(?:[;:]\d+)*$/.test(params);
  if ('~$^'.includes(final)) {
    const match = /^(\d+)(?:;\d+)?$/.exec(params);
    return match !== null && TILDE_KEYS.has(Number(match[1]));
  }
  return false;
}

/**
 * A string sequence: OSC (a window title, ESC ] 2 ; … BEL), DCS, SOS, PM, APC, ended by BEL
 * or ESC \. Never a key: Ink dropped its ESC and BEL and typed the rest ("]2;prod"). Only
 * with its end: esc then ] (or P) typed fast are keys.
 */
// eslint-disable-next-line no-control-regex -- ESC and BEL are what it looks for
const STRING_SEQUENCE = /\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** The chunk without the escape sequences that are not keys. */
export function keysOnly(chunk: string): string {
  if (!chunk.includes('\x1b')) return chunk;
  return chunk.replace(STRING_SEQUENCE, '').replace(CSI, (whole, params: string, intermediates: string, final: string) => (isKey(params, intermediates, final) ? whole : ''));
}

/**
 * The terminal's stdin as Ink should read it: the same stream, its chunks through keysOnly.
 * Patched in place, not wrapped: a wrapper is another object than the terminal's stdin, and
 * on Node 26 the editor or pager the screen hands the terminal to (e, o) lost its keys.
 */
export function keyboard(stdin: NodeJS.ReadStream): NodeJS.ReadStream {
  const patched = stdin as NodeJS.ReadStream & { [FILTERED]?: true };
  if (patched[FILTERED]) return stdin;
  const read = stdin.read.bind(stdin);
  stdin.read = (size?: number): string | Buffer => {
    const chunk: unknown = read(size);
    return (typeof chunk === 'string' ? keysOnly(chunk) : chunk) as string | Buffer;
  };
  patched[FILTERED] = true;
  return stdin;
}

const FILTERED = Symbol('runbook: keys only');

/**
 * Stops reading the terminal while another program has it (a tty step, the pager, the
 * editor); the function it returns starts reading again, for the next screen. Ink lets go
 * of stdin when it unmounts, but Node's stream goes on reading ahead (up to 16 KB): keys
 * typed into the editor went to runbook instead, the editor waited for them, and the next
 * screen read them as if pressed there. Whatever was read ahead and not taken is dropped:
 * typed before the other program had the terminal, it was for neither.
 */
export function letGoOfKeyboard(stdin: NodeJS.ReadStream): () => void {
  // Drained first: a read() below the stream's mark starts the reading again.
  while (stdin.read() !== null) {
    // dropped
  }
  stdin.pause();
  // A socket-like stream stops its handle on pause only in another mode: stopped here, and
  // started again after, as Node itself would (its flag kept true to false and back).
  const handle = (stdin as unknown as { _handle?: { reading?: boolean; readStop?: () => number; readStart?: () => number } })._handle;
  if (handle?.reading !== true || typeof handle.readStop !== 'function' || typeof handle.readStart !== 'function') return () => undefined;
  handle.readStop();
  handle.reading = false;
  return () => {
    if (handle.reading) return;
    handle.reading = true;
    handle.readStart?.();
  };
}
