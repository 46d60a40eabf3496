// What a fence holds when its tag does not say, or says it wrongly: output, a config file or
// text to show; output in a fence labelled as shell; the text before a fence that labels it
// as something to show, or asks for it to be run.

import { classifyFenceContent, lineReadsAsCommand } from './command-like';
import { commandInShellFence, commandShape, looksLikeOutputRow } from './command-grammar';
import { hasCheckboxLines, looksLikeConsole } from './steps-shell';

/** "Expected Migration", "Example", "Sample output", "Expected output": a fence to show. */
export function isDisplayLabel(label: string): boolean {
  return /^(expected|example|examples|sample|output|results?|e\.g\.|for example)\b/i.test(label.trim());
}

const CONFIG_LANGS = new Set(['yaml', 'yml', 'json', 'jsonc', 'json5', 'toml', 'ini', 'conf', 'cfg', 'hcl', 'tf', 'xml', 'properties', 'env', 'dotenv', 'nginx', 'apache', 'systemd', 'dockerfile', 'csv']);
const OUTPUT_LANGS = new Set(['output', 'log', 'logs', 'stdout', 'diff']);

/** What a fence that is not run is shown as: output, a config file, or text. */
export function shownAs(lang: string | null, text: string, label: string | null, prose: string | null = null): 'output' | 'config' | 'display' {
  if (label !== null && /\b(output|results?|response)\b/i.test(label)) return 'output';
  // "It fails with this error:", "You should see:" — what follows is what a command printed.
  if (prose !== null && /:\s*$/.test(prose) && /\b(?:errors?|output|you (?:should|will) see|looks? like|prints?|returns?)\b/i.test(prose) && lang === null) return 'output';
  if (lang !== null && CONFIG_LANGS.has(lang)) return 'config';
  if (lang !== null && OUTPUT_LANGS.has(lang)) return 'output';
  const content = classifyFenceContent(text);
  return content === 'output' || content === 'table' ? 'output' : content === 'config' ? 'config' : 'display';
}

/**
 * A fence labelled as shell that holds output: none of its lines reads as a command
 * ('output'), or one command whose listing follows it with no prompt. Null otherwise.
 */
export function outputShape(text: string): 'output' | { command: string } | null {
  if (looksLikeConsole(text) || hasCheckboxLines(text)) return null;
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
  const isCommand = (l: string) => lineReadsAsCommand(l) || commandShape(l) === 'strong';
  // Nearly every shell fence starts with a command: then it is not output, whatever else it holds.
  const firstIsCommand = lines[0] !== undefined && isCommand(lines[0]);
  if (!firstIsCommand && !lines.slice(1).some(isCommand)) {
    const content = classifyFenceContent(text);
    if (content === 'output' || content === 'table') return 'output';
  }
  const [first, ...rest] = lines;
  if (!first || rest.length === 0 || !firstIsCommand || /\\\s*$/.test(first)) return null;
  const listing = rest.every((l) => looksLikeOutputRow(l) || !commandInShellFence(l)) && rest.some((l) => looksLikeOutputRow(l));
  return listing ? { command: first.trim() } : null;
}

/** "Run the following on the leader:", "Execute:": the text asks for what follows to be run. */
export function invitesCommand(prose: string): boolean {
  return /:\s*$/.test(prose) && /\b(?:run|running|execute|type|enter|issue|invoke|paste|command|commands)\b/i.test(prose);
}

