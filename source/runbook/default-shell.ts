// The shell a runbook's steps run in: the front matter's `shell:`, else bash. One rule, so
// what preflight looks for on PATH is what a run starts.

import type { FrontMatter } from './model';

export const DEFAULT_SHELL = 'bash';

export function runbookShell(frontMatter: Pick<FrontMatter, 'shell'>): string {
  return frontMatter.shell ?? DEFAULT_SHELL;
}
