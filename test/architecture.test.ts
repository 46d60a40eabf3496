// The layers as the code really has them: every import in source/ — static, type-only and
// dynamic `import()` alike (lint sees only the static ones) — against the table lint uses
// (eslint.config.js LAYERS, drawn in source/README.md), and no import circle in the
// controller or in the layers standing on its front door.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../eslint.config.js';

const SOURCE = fileURLToPath(new URL('../source/', import.meta.url));
const layers: Record<string, string[]> = LAYERS;

interface Edge {
  from: string;
  to: string;
  /** Loaded when `from` is: neither `import type` nor `import()`. */
  atLoad?: boolean;
}

function sourceFiles(): string[] {
  return readdirSync(SOURCE, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(SOURCE, join(e.parentPath, e.name)));
}

/** Every relative import of every file, resolved to a file of source/. */
function imports(files: string[]): Edge[] {
  const known = new Set(files);
  const edges: Edge[] = [];
  for (const from of files) {
    const text = readFileSync(join(SOURCE, from), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s([^'";]*?)from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const spec = m[2] ?? m[3] ?? '';
      const base = relative(SOURCE, resolve(dirname(join(SOURCE, from)), spec));
      const to = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => known.has(f));
      if (to === undefined) throw new Error(`${from}: cannot resolve ${spec}`);
      edges.push({ from, to, atLoad: m[2] !== undefined && !/^type\s/.test(m[1] ?? '') });
    }
  }
  return edges;
}

/** The part of source/ a file belongs to: its folder, or the module itself at the top. */
const part = (file: string) => (file.includes('/') ? (file.split('/')[0] ?? file) : file.replace(/\.tsx?$/, ''));

/** Whether `from` may import `to` by the table: within its part, a layer it names, controller/'s public module. */
function allowed({ from, to }: Edge): boolean {
  const a = part(from);
  const b = part(to);
  if (a === b) return true;
  const rules = layers[a];
  if (rules === undefined) return true; // cli.tsx, launch.ts and the modules that stand alone are not layered
  if (b === 'controller') return rules.includes('controller') && to === 'controller/index.ts';
  return rules.includes(b);
}

/** Files in import circles (strongly connected components of two files or more). */
function circles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) component.push(w);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the layers of source/', () => {
  const files = sourceFiles();
  const edges = imports(files);

  it('reads every import: static, type-only and dynamic', () => {
    expect(edges.some((e) => e.from === 'commands/drive.ts' && e.to === 'ui/run-app.tsx')).toBe(true);
    expect(edges.some((e) => e.from === 'ui/screens/intent-deps.ts' && e.to === 'controller/index.ts')).toBe(true);
  });

  it('imports only what the table allows each folder (eslint.config.js LAYERS)', () => {
    expect(edges.filter((e) => !allowed(e)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('lets ui/ and plain/ reach the engine only through the run handle: no session, journal or executor', () => {
    const reaching = edges.filter((e) => ['ui', 'plain'].includes(part(e.from)) && ['journal', 'executors', 'commands', 'store', 'bench-hooks'].includes(part(e.to)));
    expect(reaching).toEqual([]);
    const named = files.filter((f) => ['ui', 'plain'].includes(part(f)) && /\.session\b|\.journal\b(?!Path)/.test(readFileSync(join(SOURCE, f), 'utf8')));
    expect(named).toEqual([]);
  });

  it('keeps report/ off commands/ and executors/, journal/ and ui/ off bench-hooks', () => {
    const off = edges.filter((e) => (part(e.from) === 'report' && ['commands', 'executors', 'journal'].includes(part(e.to))) || (['journal', 'ui'].includes(part(e.from)) && part(e.to) === 'bench-hooks'));
    expect(off).toEqual([]);
  });

  it('has no import circle in controller/ or in the layers on its front door', () => {
    const inScope = (f: string) => ['controller', 'ui', 'plain', 'report', 'commands'].includes(part(f));
    expect(circles(edges).filter((c) => c.some(inScope))).toEqual([]);
  });

  it('keeps the Markdown parser out of the screen: a parsed runbook kept from before starts the screen without it', () => {
    // Loading markdown-it and the dialect rules is ~40 ms of CPU before the first frame.
    const loaded = new Set(['ui/run-app.tsx', 'ui/watch-app.tsx']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of edges) if (e.atLoad && loaded.has(e.from) && !loaded.has(e.to)) grew = Boolean(loaded.add(e.to));
    }
    expect([...loaded].filter((f) => /^runbook\/(markdown|markdown-tree|parse)\.ts$/.test(f))).toEqual([]);
    expect(loaded.has('ui/screens/run-screen.tsx')).toBe(true);
  });

  it('fails an import that reaches past the front door, and finds a circle', () => {
    expect(allowed({ from: 'ui/run-app.tsx', to: 'controller/controller.ts' })).toBe(false);
    expect(allowed({ from: 'plain/runner.ts', to: 'journal/journal.ts' })).toBe(false);
    expect(allowed({ from: 'report/gather.ts', to: 'commands/open-run.ts' })).toBe(false);
    expect(allowed({ from: 'ui/run-app.tsx', to: 'controller/index.ts' })).toBe(true);
    expect(circles([{ from: 'controller/a.ts', to: 'controller/b.ts' }, { from: 'controller/b.ts', to: 'controller/a.ts' }])).toEqual([['controller/a.ts', 'controller/b.ts']]);
  });
});
