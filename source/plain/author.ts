// The author's own text in the plain walk: what leads to a step ("2. As root, run the
// upgrade:") and what follows a phase's last step, as written, prose flowed to the
// terminal's width. Other people's bytes: their controls spelled out. Pure.

import type { TextBlock } from '../runbook/model';
import { visible } from '../run/terminal-text';
import { wrapHanging, wrapParagraph } from '../wrap';

function blockLines(block: TextBlock, columns: number): string[] {
  switch (block.kind) {
    case 'heading':
      return wrapParagraph(visible(block.text), columns);
    case 'prose':
      // Flowed by the parse (soft line breaks are spaces); a hard break's line and a quote's
      // paragraph each wrapped, a quote's under its '> '.
      return visible(block.text)
        .split('\n')
        .flatMap((line) => {
          const [, quote = '', said = ''] = /^(> )?(.*)$/.exec(line.trim()) ?? [];
          return quote ? wrapParagraph(said.trim(), Math.max(20, columns - 2)).map((l) => `> ${l}`) : wrapParagraph(said.trim(), columns);
        });
    case 'list':
      // An item flows under its own words, after its marker.
      return block.items.flatMap((item) => {
        const [, head = '', rest = ''] = /^(\s*\S+\s)?(.*)$/.exec(visible(item)) ?? [];
        return wrapHanging(head, rest, columns);
      });
    case 'table':
      return [block.header, ...block.rows].map((row) => visible(`| ${row.join(' | ')} |`));
    case 'code':
      return [`(${visible(block.lang ?? 'text')}: ${block.became === 'reference' ? 'reference' : 'shown'}, never run)`, ...visible(block.text).split('\n').map((line) => `    ${line}`)];
    default: {
      const never: never = block;
      return never;
    }
  }
}

/** The blocks as lines, a blank line between two, ending with a newline. */
export function authorLines(blocks: TextBlock[], columns: number): string {
  return `${blocks.map((b) => blockLines(b, columns).join('\n')).join('\n\n')}\n`;
}
