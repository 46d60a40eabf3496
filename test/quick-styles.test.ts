// Ink's rows written with the diff skipped between neighbours of the same styles
// (.ci/quick-styles.mjs) are the very strings @alcalzone/ansi-tokenize writes itself: both
// versions, side by side, over rows of randomly styled text (colours, 256 and true colour,
// bold and dim together, underline, inverse, resets), the kind a frame holds and far more.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withSameStylesSkipped } from '../.ci/quick-styles.mjs';
import { tempDir } from './helpers/cli';

interface StyledChar {
  value: string;
  styles: { code: string; endCode: string }[];
}
interface Tokenizer {
  tokenize(text: string): unknown[];
  styledCharsFromTokens(tokens: unknown[]): StyledChar[];
  styledCharsToString(chars: StyledChar[]): string;
}

const require = createRequire(import.meta.url);
const packageBuild = dirname(require.resolve('@alcalzone/ansi-tokenize/package.json'));

/** The package as it is, and a copy of it whose styledChars.js the build's change was made to. */
async function bothVersions(): Promise<[Tokenizer, Tokenizer]> {
  const copy = join(tempDir('quick-styles-'), 'ansi-tokenize');
  cpSync(packageBuild, copy, { recursive: true });
  const file = join(copy, 'build/styledChars.js');
  writeFileSync(file, withSameStylesSkipped(readFileSync(file, 'utf8'), file));
  const load = async (dir: string) => (await import(pathToFileURL(join(dir, 'build/index.js')).href)) as Tokenizer;
  return [await load(packageBuild), await load(copy)];
}

const STYLES = ['\x1b[1m', '\x1b[2m', '\x1b[22m', '\x1b[3m', '\x1b[4m', '\x1b[24m', '\x1b[7m', '\x1b[27m', '\x1b[31m', '\x1b[32m', '\x1b[39m', '\x1b[44m', '\x1b[49m', '\x1b[38;5;208m', '\x1b[48;2;10;20;30m', '\x1b[90m', '\x1b[0m', '\x1b[m'];
const TEXT = ['a', 'B', ' ', '─', '│', '▸', '✓', '…', '·', 'é', '日', '👍🏽'];

/** A seeded generator: the same rows on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function row(next: () => number): string {
  let text = '';
  const length = Math.floor(next() * 120);
  for (let i = 0; i < length; i++) {
    const pick = next();
    // Runs of plain text with a style change now and then, as a frame's rows have.
    if (pick < 0.15) text += STYLES[Math.floor(next() * STYLES.length)] ?? '';
    else text += TEXT[Math.floor(next() * TEXT.length)] ?? '';
  }
  return text;
}

describe('withSameStylesSkipped', () => {
  it('writes every row as the package writes it', async () => {
    const [original, quick] = await bothVersions();
    const next = random(20261207);
    for (let n = 0; n < 3000; n++) {
      const text = row(next);
      const chars = original.styledCharsFromTokens(original.tokenize(text));
      expect(quick.styledCharsToString(chars)).toBe(original.styledCharsToString(chars));
    }
  });

  it('writes a row of Ink\'s blank cells (each with styles of its own) and written text alike', async () => {
    const [original, quick] = await bothVersions();
    const blank = (): StyledChar => ({ value: ' ', styles: [] });
    const written = original.styledCharsFromTokens(original.tokenize('\x1b[1m\x1b[36mDeploy\x1b[39m\x1b[22m ok \x1b[7m▸\x1b[27m'));
    const cells = [blank(), blank(), ...written, blank(), ...written, blank()];
    expect(quick.styledCharsToString(cells)).toBe(original.styledCharsToString(cells));
  });

  it('stops the build when the package is not the one it knows', () => {
    expect(() => withSameStylesSkipped('export function styledCharsToString() {}', 'styledChars.js')).toThrow(/styledChars\.js: not the styledCharsToString this build knows/);
  });
});
