import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openInTmuxSplit, terminalPager, writeOutputFile } from '../../source/commands/pager';

describe('the output pager', () => {
  it('copies the output into a private file, removed afterwards', () => {
    const file = writeOutputFile('phase-1/migrate db', ['line 1', 'line 2']);
    expect(readFileSync(file.path, 'utf8')).toBe('line 1\nline 2\n');
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(statSync(file.path.slice(0, file.path.lastIndexOf('/'))).mode & 0o777).toBe(0o700);
    expect(file.path.endsWith('phase-1_migrate_db.log')).toBe(true);
    file.remove();
    expect(existsSync(file.path)).toBe(false);
  });

  it('opens a tmux split only inside tmux', () => {
    const file = writeOutputFile('s', []);
    try {
      expect(readFileSync(file.path, 'utf8')).toBe('(no output)\n');
      expect(openInTmuxSplit(file, { PATH: process.env.PATH })).toBe(false);
    } finally {
      file.remove();
    }
  });

  it('is the screen\'s pager: outside tmux it opens no split and reads no output', () => {
    const pager = terminalPager({ PATH: process.env.PATH });
    const read = () => {
      throw new Error('the output was read for a split that cannot open');
    };
    expect(pager.split('s', read)).toBe(false);
  });
});
