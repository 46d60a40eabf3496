import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../source/ui/output-tail';
import { cleanLine } from '../../source/run/terminal-text';

describe('the live output tail', () => {
  it('keeps only the last lines of a flood, and counts the ones that went by', () => {
    const tail = new OutputTail(100);
    const chunk = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    tail.push(chunk);
    tail.push(chunk);
    expect(tail.lineCount()).toBe(100_000);
    const { lines, hidden } = tail.view(5);
    expect(lines).toEqual(['line 49996', 'line 49997', 'line 49998', 'line 49999', 'line 50000']);
    expect(hidden).toBe(99_995);
  });

  it('shows a line still being written, and joins lines split across chunks', () => {
    const tail = new OutputTail();
    tail.push('hel');
    expect(tail.view(3)).toEqual({ lines: ['hel'], hidden: 0 });
    tail.push('lo\nwor');
    tail.push('ld\n');
    expect(tail.view(3)).toEqual({ lines: ['hello', 'world'], hidden: 0 });
  });

  it('draws progress bars as their last state, without colour codes or control characters', () => {
    const tail = new OutputTail();
    tail.push('progress 10%\rprogress 50%\rprogress 100%\n\u001B[32mgreen\u001B[0m\tdone\u0007\n');
    expect(tail.view(2).lines).toEqual(['progress 100%', 'green   done']);
    expect(cleanLine('\u001B]0;title\u0007text')).toBe('text');
  });

  it('starts over for a new step', () => {
    const tail = new OutputTail();
    tail.push('a\nb\n');
    const version = tail.version;
    tail.reset();
    expect(tail.view(5)).toEqual({ lines: [], hidden: 0 });
    expect(tail.version).toBeGreaterThan(version);
  });
});
