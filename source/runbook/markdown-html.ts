// HTML container tags written on lines of their own around Markdown: `<details>` /
// `<summary>…</summary>` (GitLab's runbooks fold long commands this way) and kramdown's
// `<div markdown="1">`. CommonMark runs an HTML block on to the next blank line, so a fence
// written right under `<summary>` became raw HTML text and vanished from the steps — or, when
// the fence held a blank line, its closing marker opened a new fence and the pairing of every
// later fence flipped. Read the way GitHub renders them with a blank line after the tag and
// the way kramdown renders `markdown="1"`: the tag line is an HTML block of its own, and the
// Markdown under it is Markdown.

import type { RuleBlock } from 'markdown-it/lib/parser_block.mjs';

// Any tag but the raw-text ones, whose content CommonMark keeps as written: `<details>`,
// `<div markdown="1">`, and the components of MDX sites (`<Tabs>`, `<Tab heading="…">`).
const CONTAINER = '(?!(?:pre|script|style|textarea)\\b)[A-Za-z][\\w.-]*';
/** One or more tags (a summary with its text) and nothing else on the line. */
const TAG_LINE = new RegExp(`^ {0,3}(?:</?${CONTAINER}\\b[^<>]*>(?:[^<>]*</summary>)?[ \\t]*)+$`, 'i');
/** What the tag's block would have swallowed: the start of a fence, a list item, a heading. */
const MARKDOWN_START = /^ {0,3}(?:`{3,}|~{3,}|[-*+] |\d{1,9}[.)] |#{1,6} )/;

export const containerTagLine: RuleBlock = (state, startLine, endLine, silent) => {
  if (!state.md.options.html || (state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const lineOf = (n: number) => state.src.slice(state.bMarks[n], state.eMarks[n]);
  const text = lineOf(startLine);
  if (!TAG_LINE.test(text)) return false;
  // Only where the HTML block would swallow Markdown; otherwise CommonMark's reading stands.
  let swallows = false;
  for (let n = startLine + 1; n < endLine && !state.isEmpty(n) && !swallows; n++) swallows = MARKDOWN_START.test(lineOf(n));
  if (!swallows) return false;
  if (silent) return true;
  state.line = startLine + 1;
  const token = state.push('html_block', '', 0);
  token.map = [startLine, startLine + 1];
  token.content = `${text.trim()}\n`;
  return true;
};
