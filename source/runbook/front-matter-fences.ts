// Front matter's fences: YAML between `---` lines, or Hugo's TOML between `+++` lines, on the
// file's first line. Plain line work, no Markdown: markdown-tree.ts reads the block out of
// the file before the tokenizer sees it, and the report finds it again in a run's text.

import { DialectError } from './model';

export const FRONT_FENCE = /^---[ \t]*$/;
export const TOML_FENCE = /^\+\+\+[ \t]*$/;

/**
 * The one front-matter reader: YAML between `---` lines, or Hugo's TOML between `+++` lines
 * (the closing line matches the opening one). The closing line's index, or null when there
 * is none.
 */
export function frontMatterEnd(text: string[]): number | null {
  const first = text[0] ?? '';
  const fence = TOML_FENCE.test(first) ? TOML_FENCE : FRONT_FENCE.test(first) ? FRONT_FENCE : null;
  if (!fence) return null;
  for (let i = 1; i < text.length; i++) if (fence.test(text[i] ?? '')) return i;
  return null;
}

/** The front matter's lines blank, so every line number after it is the file's own. */
export function blankFrontMatter(text: string[], closing: number): string {
  return text.map((line, i) => (i <= closing ? '' : line)).join('\n');
}

/** The front matter as YAML (TOML's keys read as the same YAML keys) and its closing line's index; null without one. */
export function frontMatterYaml(text: string[]): { value: string; closing: number } | null {
  const closing = frontMatterEnd(text);
  if (closing === null) return null;
  const body = text.slice(1, closing);
  return { value: TOML_FENCE.test(text[0] ?? '') ? tomlAsYaml(body) : body.join('\n'), closing };
}

/** The source with its front matter's lines blank (line numbers kept), or null when it has none. */
export function withoutFrontMatter(source: string): string | null {
  const lines = source.split('\n');
  const closing = frontMatterEnd(lines);
  return closing === null ? null : blankFrontMatter(lines, closing);
}

/** TOML's top-level `key = "value"` lines as YAML (a line per line); a `[table]` as a key of its own. */
export function tomlAsYaml(lines: string[]): string {
  let table = false;
  return lines
    .map((line) => {
      const head = /^\s*\[+([\w.-]+)\]+\s*$/.exec(line);
      if (head) {
        table = true;
        return `${(head[1] ?? '').split('.')[0] ?? ''}: {}`;
      }
      const pair = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(line);
      if (!pair || table) return '';
      const raw = (pair[2] ?? '').trim();
      // A TOML string, array or scalar is YAML flow as written; a literal string is quoted again.
      const v = /^'[^']*'$/.test(raw) ? JSON.stringify(raw.slice(1, -1)) : raw;
      return `${pair[1] ?? ''}: ${v}`;
    })
    .join('\n');
}

/**
 * `---` (or `+++`) on the first line, a key on the next, and no closing line: front matter
 * whose end was forgotten. Read as Markdown, its targets, env and inputs would silently be
 * prose, so it is an error at its first line.
 */
export function assertFrontMatterCloses(text: string[]): void {
  const [first = '', second = ''] = text;
  const toml = TOML_FENCE.test(first);
  if (!toml && !FRONT_FENCE.test(first)) return;
  if (!(toml ? /^[A-Za-z_][\w-]*\s*=/ : /^[A-Za-z_][\w-]*:(\s|$)/).test(second)) return;
  const fence = toml ? '+++' : '---';
  throw new DialectError(1, `front matter opened here never closes: end it with a ${fence} line (a ${fence} meant as a rule needs a blank line after it)`);
}
