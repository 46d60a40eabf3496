// Reading reports back in the tests: through the real command, the real Markdown parser
// and the real markdownlint-cli2 binary.

import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import type { Nodes } from 'mdast';
import { reportCommand } from '../../source/commands/report';
import type { CommandContext } from '../../source/commands/context';
import { parseMarkdown, plainText } from '../../source/runbook/markdown';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function context(cwd: string): CommandContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { env: {}, cwd, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stdin: process.stdin, isTTY: false, columns: () => 80, out, err };
}

export async function report(journal: string, format: 'md' | 'json', cwd: string): Promise<string> {
  const ctx = context(cwd);
  const code = await reportCommand(ctx, { journal, format, output: undefined });
  if (code !== 0) throw new Error(`report exited ${code}: ${ctx.err.join('')}`);
  return ctx.out.join('');
}

/** The lines from a heading (matched by its start) up to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`no heading "${heading}" in the report`);
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && (/^#+/.exec(l)?.[0].length ?? 9) <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

export function nodes(markdown: string): Nodes[] {
  const all: Nodes[] = [];
  const walk = (node: Nodes) => {
    all.push(node);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  walk(parseMarkdown(markdown));
  return all;
}

/** What a reader sees of each list item, as a code host renders it. */
export function listItems(markdown: string): string[] {
  return nodes(markdown)
    .filter((n) => n.type === 'listItem')
    .map((n) => plainText(n).replace(/\s+/g, ' ').trim());
}

export async function markdownlint(file: string): Promise<{ exitCode: number; output: string }> {
  const result = await execa(`${ROOT}node_modules/.bin/markdownlint-cli2`, ['--config', `${ROOT}.markdownlint-cli2.jsonc`, `:${file}`], { reject: false, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, output: `${String(result.stdout)}\n${String(result.stderr)}` };
}
