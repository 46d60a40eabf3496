import { describe, expect, it } from 'vitest';
import { OutputBuffer } from '../../source/controller/output-buffer';
import { shownOutput } from '../../source/ui/screens/shown-output';
import { cleanLine } from '../../source/run/terminal-text';

const live = () => new OutputBuffer({ tailLines: 500, maxLine: 2000 });

describe('the output buffer', () => {
  it('keeps only the last lines of a flood, and counts the ones that went by', () => {
    const tail = new OutputBuffer({ tailLines: 100 });
    const chunk = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    tail.push(chunk);
    tail.push(chunk);
    expect(tail.lineCount()).toBe(100_000);
    expect(tail.tail(5)).toEqual(['line 49996', 'line 49997', 'line 49998', 'line 49999', 'line 50000']);
    expect(tail.tail(500)).toHaveLength(100);
  });

  it('shows a line still being written, and joins lines split across chunks', () => {
    const tail = live();
    tail.push('hel');
    expect(tail.tail(3)).toEqual(['hel']);
    expect(tail.lineCount()).toBe(1);
    tail.push('lo\nwor');
    tail.push('ld\n');
    expect(tail.tail(3)).toEqual(['hello', 'world']);
    expect(tail.lineCount()).toBe(2);
  });

  it('keeps the end of a line that never ends, within the limit', () => {
    const tail = live();
    tail.push('x'.repeat(5000));
    tail.push('y');
    expect(tail.tail(1)[0]).toBe(`${'x'.repeat(1999)}y`);
  });

  it('keeps the whole output for judging up to its head, then the head and the last lines', () => {
    const judged = new OutputBuffer({ headChars: 20, tailLines: 2 });
    judged.push('first line\nsecond\n');
    expect(judged.text()).toBe('first line\nsecond\n');
    judged.push('third line here\nfourth\nfifth\n');
    expect(judged.text()).toBe('first line\nsecond\nth\nfourth\nfifth');
  });

  it('is shown on screen as progress bars in their last state, without colour codes or control characters', () => {
    const tail = live();
    tail.push('progress 10%\rprogress 50%\rprogress 100%\n\u001B[32mgreen\u001B[0m\tdone\u0007\n');
    const run = { outputLines: (_step: string, n?: number) => ({ lines: tail.tail(n ?? 500), hidden: 0 }) };
    expect(shownOutput(run, 's', 2).lines).toEqual(['progress 100%', 'green   done']);
    expect(cleanLine('\u001B]0;title\u0007text')).toBe('text');
  });
});
