import { describe, expect, it } from 'vitest';
import { cleanLine, hasHidden, terminalJson, visible, VisibleStream } from '../../source/run/terminal-text';

describe('text on its way to a terminal', () => {
  it('spells out escape sequences, so a command reads as what runs', () => {
    expect(visible('touch PWNED \u001b[2K\u001b[1G$ echo hello')).toBe('touch PWNED \\e[2K\\e[1G$ echo hello');
    expect(visible('A\u001b]52;c;cm0gLXJmIH4K\u0007B')).toBe('A\\e]52;c;cm0gLXJmIH4K\\x07B');
    expect(visible('rm -rf /\rls')).toBe('rm -rf /\\rls');
    expect(visible('a\bb\u007f\u0000')).toBe('a\\x08b\\x7f\\x00');
  });

  it('spells out C1 controls (an 8-bit CSI is an escape of its own)', () => {
    expect(visible('x\u009b2Jy\u0085z')).toBe('x\\x9b2Jy\\x85z');
  });

  it('makes bidi overrides and zero-width characters visible', () => {
    expect(visible('ls \u202Etxt.exe\u202C')).toBe('ls <U+202E>txt.exe<U+202C>');
    expect(visible('rm\u200B -rf\uFEFF \u2066x\u2069')).toBe('rm<U+200B> -rf<U+FEFF> <U+2066>x<U+2069>');
    expect(visible('tag\u{E0041}')).toBe('tag<U+E0041>');
  });

  it('keeps tabs and newlines, reads CR LF as a newline, and leaves ordinary text alone', () => {
    expect(visible('a\tb\r\nc\n')).toBe('a\tb\nc\n');
    const plain = 'Überprüfung ✔ — 10 % → done';
    expect(visible(plain)).toBe(plain);
    expect(hasHidden(plain)).toBe(false);
    expect(hasHidden('a\u001bb')).toBe(true);
    expect(hasHidden('a\u200db')).toBe(true);
  });

  it('streams: a carriage return split from its line feed still reads as a newline', () => {
    const stream = new VisibleStream();
    expect(stream.write('one\r')).toBe('one');
    expect(stream.write('\ntwo\r')).toBe('\ntwo');
    expect(stream.write('three\u001b')).toBe('\\rthree\\e');
    expect(stream.write('[1A')).toBe('[1A');
  });

  it('escapes JSON so it parses to the same values and shows nothing raw', () => {
    const value = { cell: 'a\u009b2Jb\u202E\u007f\u{E0041}', esc: '\u001b[2J' };
    const json = terminalJson(JSON.stringify(value));
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/[\u001b\u007f-\u009f\u202e]/u);
    expect(json).toContain('\\u009b');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('draws an output line for the screen without controls, C1 included', () => {
    expect(cleanLine('\u001b[31mred\u001b[0m \u009bx\u0085 \u202Eabc')).toBe('red x <U+202E>abc');
  });

  it('draws nothing of an escape that is not CSI or OSC: a character set, a saved cursor, the keypad, a reset', () => {
    // `tput sgr0` writes ESC ( B before its reset: before, the screen showed "(Bok".
    expect(cleanLine('status: \u001b(B\u001b[mok')).toBe('status: ok');
    expect(cleanLine('\u001b7saved\u001b8 \u001b=keypad\u001b> \u001bcreset \u001b#8dec')).toBe('saved keypad reset dec');
    expect(cleanLine('50%\r\u001b(B\u001b[m100%')).toBe('100%');
  });

  it('draws a line that redraws itself as a terminal leaves it: a carriage return hides only what it covers', () => {
    // Before, only the text after the last carriage return was drawn: the error was gone from the screen and the report.
    expect(cleanLine('ERROR: disk full\rOK')).toBe('OKROR: disk full');
    // A progress bar reads as its last state, however it clears the line.
    expect(cleanLine(' 10% [#         ]\r 55% [#####     ]\r100% [##########]\r')).toBe('100% [##########]');
    expect(cleanLine('downloading 10 of 400 files\r\u001b[Kdone\u001b[0m')).toBe('done');
    expect(cleanLine('waiting for replicas 1/3\r\u001b[2Kready')).toBe('ready');
    expect(cleanLine('abc\u001b[1K\rxy')).toBe('xy');
    expect(cleanLine('x\r\u001b[1Kyz')).toBe('yz');
    // A backspace steps back; a colour code between draws nothing.
    expect(cleanLine('abc\b\u001b[31mX\u001b[0m')).toBe('abX');
    expect(cleanLine('\b\bstart')).toBe('start');
    // Controls and invisible characters are still never drawn as they are.
    expect(cleanLine('bell\u0007\r\u202Enew')).toBe('<U+202E>new');
    expect(cleanLine('tab\tx\rT')).toBe('Tab     x');
  });
});
