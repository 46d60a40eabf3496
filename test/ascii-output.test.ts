// The build makes every file of the bundle pure ASCII (.ci/ascii-output.mjs): the program it
// writes must mean exactly what esbuild's did, and a character it cannot escape safely stops
// the build. The built bundle itself is checked too (vitest runs after `npm run build`).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiOnly } from '../.ci/ascii-output.mjs';

/** Nothing past ASCII (U+0080 and up, surrogates included). */
const ASCII = /^[^\u0080-\uffff]*$/;

/** Evaluates a function body (as a script) and returns what it returns. */
const run = (body: string): unknown => new Function(body)() as unknown;

describe('asciiOnly', () => {
  it('leaves an ASCII file exactly as it is', () => {
    const source = 'export const a = /x+/g; // plain\n';
    expect(asciiOnly(source, 'a.js')).toBe(source);
  });

  it('escapes regular expressions so that they match exactly what they matched', () => {
    const body = String.raw`
      const dashes = /^\s*[-–—]\s*(\S+)$/;
      const arrow = /\s*(?:->|→|⇒)\s*/;
      const marks = /^[✓✔✅✗⚠]/u;
      const astral = /😀+/;
      const astralU = /^[😀🚀]$/u;
      const sharp = /ẞ/gi;
      return [
        dashes.exec('  — done')?.[1], dashes.test('x'), 'a → b'.split(arrow), marks.test('✅ ok'), marks.test('x'),
        astral.test('😀😀'), astralU.test('🚀'), astralU.test('\ud83d'), 'ẞẞ'.replace(sharp, 's'), dashes.source.length > 0,
      ];`;
    const escaped = asciiOnly(body, 'r.js');
    expect(escaped).toMatch(ASCII);
    expect(escaped).toContain('\\u2013');
    expect(run(escaped)).toEqual(run(body));
    expect(run(escaped)).toEqual(['done', false, ['a', 'b'], true, false, true, true, false, 'ss', true]);
  });

  it('escapes comments, strings and names', () => {
    const body = "/* “quotes” — and a dash */ const café = '→ ✓'; // über\nreturn café + '|' + café.length;";
    const escaped = asciiOnly(body, 'c.js');
    expect(escaped).toMatch(ASCII);
    expect(run(escaped)).toBe('→ ✓|3');
  });

  it('stops the build on a template, whose raw text an escape would change', () => {
    expect(() => asciiOnly('const t = String.raw`→`;\n', 'dist/t.js')).toThrow(/dist\/t\.js:1: .*template/);
  });
});

describe('the built bundle', () => {
  it('is ASCII in every file', () => {
    const dist = join(import.meta.dirname, '..', 'dist');
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    const notAscii = files.map((e) => join(e.parentPath, e.name)).filter((file) => !ASCII.test(readFileSync(file, 'utf8')));
    expect(notAscii).toEqual([]);
  });
});
