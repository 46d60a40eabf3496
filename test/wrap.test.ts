// Text outside the screen, wrapped to the terminal: at spaces, never through a path or a
// command to copy.

import { describe, expect, it } from 'vitest';
import { outputColumns, whole, wrapHanging, wrapParagraph, wrapText } from '../source/wrap';

const JOURNAL = '/home/ana/.local/share/runbook/journals/2026-05-04T09-12-00Z-release-3-1.runbook.sqlite';
const paused = ['Run paused (quit). Continue with:', whole(`runbook resume ${JOURNAL}`)];

describe('wrapParagraph', () => {
  it('keeps a paragraph that fits on its one line, as written', () => {
    expect(wrapParagraph(paused, 200)).toEqual([`Run paused (quit). Continue with: runbook resume ${JOURNAL}`]);
    expect(wrapParagraph(['  sandbox  ', whole('/tmp/demo')], 80)).toEqual(['  sandbox  /tmp/demo']);
    expect(wrapParagraph('', 80)).toEqual(['']);
  });

  it('puts the command to copy on a line of its own once the paragraph does not fit, never split', () => {
    expect(wrapParagraph(paused, 40)).toEqual(['Run paused (quit). Continue with:', `  runbook resume ${JOURNAL}`]);
    // The same at a width the command alone would fit in.
    expect(wrapParagraph(['Evidence:', whole('runbook report /tmp/a.sqlite')], 36)).toEqual(['Evidence:', '  runbook report /tmp/a.sqlite']);
  });

  it('flows prose at spaces within the width, every word whole', () => {
    const prose = 'It holds a copy of the demo runbook and a small SQLite governance database; nothing else on this machine is touched.';
    const lines = wrapParagraph(prose, 30);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(prose);
    // Greedy: no line could have taken the next line's first word.
    lines.slice(1).forEach((line, i) => expect(`${lines[i]} ${line.split(' ')[0]}`.length).toBeGreaterThan(30));
  });

  it('keeps the paragraph’s indent on every line, the whole piece two further in', () => {
    expect(wrapParagraph(['  Its journal, to read again later:', whole(JOURNAL)], 30)).toEqual(['  Its journal, to read again', '  later:', `    ${JOURNAL}`]);
  });

  it('leaves a word wider than the terminal whole, on its own line', () => {
    expect(wrapParagraph(`! ${JOURNAL} is gone; using the runbook as it was.`, 40)).toEqual(['!', JOURNAL, 'is gone; using the runbook as it was.']);
  });

  it('goes on with the prose after a whole piece on a new line', () => {
    expect(wrapParagraph(['Checks are ahead; see', whole('runbook list --due'), 'for when each is due.'], 24)).toEqual([
      'Checks are ahead; see',
      '  runbook list --due',
      'for when each is due.',
    ]);
  });

  it('a paragraph that is only a command stays as written, however narrow', () => {
    expect(wrapParagraph(['  ', whole(`runbook show ${JOURNAL}`)], 20)).toEqual([`  runbook show ${JOURNAL}`]);
  });

  it('counts characters, not bytes', () => {
    expect(wrapParagraph('✘ échec · déjà vu', 17)).toEqual(['✘ échec · déjà vu']);
    expect(wrapParagraph('✘ échec · déjà vu', 16)).toEqual(['✘ échec · déjà', 'vu']);
  });

  it('counts terminal columns: a CJK character or an emoji takes two, and CJK text breaks between its characters', () => {
    expect(wrapParagraph('移行が完了 ok', 12)).toEqual(['移行が完了', 'ok']);
    expect(wrapParagraph('移行が正常に完了しました🚀', 10)).toEqual(['移行が正常', 'に完了しま', 'した🚀']);
    // Its narrow runs stay whole: a path in it is never split.
    expect(wrapParagraph('見る /var/log/app.log を', 12)).toEqual(['見る', '/var/log/app.log', 'を']);
    expect(wrapParagraph('ログ/var/log/app.logを見る', 12)).toEqual(['ログ', '/var/log/app.log', 'を見る']);
  });
});

describe('wrapText', () => {
  it('prints each paragraph wrapped, a blank paragraph as a blank line, nothing for none', () => {
    expect(wrapText(['', paused], 40)).toBe(`\nRun paused (quit). Continue with:\n  runbook resume ${JOURNAL}\n`);
    expect(wrapText([], 40)).toBe('');
  });
});

describe('wrapHanging', () => {
  it('flows the text under its own column after the prefix, each word whole', () => {
    expect(wrapHanging('  ✔ passed      ', 'The counts look like a live governance database (policies, decisions)', 50)).toEqual([
      '  ✔ passed      The counts look like a live',
      '                governance database (policies,',
      '                decisions)',
    ]);
  });
});

describe('outputColumns', () => {
  it("is the terminal's width; off a terminal $COLUMNS when it is a width, else 80", () => {
    expect(outputColumns({ isTTY: true, columns: 120 }, '200')).toBe(120);
    expect(outputColumns({ isTTY: false }, '200')).toBe(200);
    expect(outputColumns({}, undefined)).toBe(80);
    expect(outputColumns({}, 'wide')).toBe(80);
    expect(outputColumns({}, '0')).toBe(80);
    expect(outputColumns({ isTTY: true, columns: 0 }, undefined)).toBe(80);
  });
});
