// The bundle's banner lines (.ci/banner.mjs) are left out of a file only where nothing in it
// uses them: a file that calls require() or takes a built-in through the stand-in keeps them.

import { describe, expect, it } from 'vitest';
import { BANNER, withoutUnusedBanner } from '../.ci/banner.mjs';

const [requireLine, builtinLine] = BANNER;
const file = (body: string, head = '') => `${head}${requireLine}\n${builtinLine}\n${body}`;
const strip = (text: string): string => withoutUnusedBanner(text, 'chunk.js');

describe('withoutUnusedBanner', () => {
  it('leaves both lines out of a file that uses neither', () => {
    expect(strip(file('export const x = 1;\n'))).toBe('export const x = 1;\n');
  });

  it('keeps each line its file uses, and only that one', () => {
    const requires = 'var fs = require("node:fs");\n';
    expect(strip(file(requires))).toBe(`${requireLine}\n${requires}`);
    const builtin = 'var p = __runbookBuiltin(require_node_path());\n';
    expect(strip(file(builtin))).toBe(`${builtinLine}\n${builtin}`);
    const both = 'var __require = typeof require !== "undefined" ? require : null;\nvar q = __runbookBuiltin(x);\n';
    expect(strip(file(both))).toBe(file(both));
  });

  it('keeps a line when its name is only in a string or a comment: in doubt, kept', () => {
    const body = 'const message = "cannot require the module";\n';
    expect(strip(file(body))).toBe(`${requireLine}\n${body}`);
  });

  it('keeps what comes before the banner (the entry file\'s #! line)', () => {
    expect(strip(file('main();\n', '#!/usr/bin/env node\n'))).toBe('#!/usr/bin/env node\nmain();\n');
  });

  it('stops the build when the banner is not there', () => {
    expect(() => strip('export const x = 1;\n')).toThrow(/chunk\.js: the banner is not where the build puts it/);
  });
});
