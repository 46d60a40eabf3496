import { describe, expect, it } from 'vitest';
import { layout } from '../../source/ui/screens/layout';

describe('the screen layout', () => {
  it('always leaves the last terminal line free and adds up exactly', () => {
    for (const [columns, rows] of [[80, 24], [250, 70], [60, 12], [40, 8], [20, 4], [120, 40]] as const) {
      for (const wants of [{ notices: 0, prompt: 0 }, { notices: 2, prompt: 2 }, { notices: 1, prompt: 1 }]) {
        const l = layout({ columns, rows }, wants);
        expect(l.height).toBe(rows - 1);
        expect(1 + l.notices + (l.separators ? 2 : 0) + l.body + l.prompt + 1).toBe(l.height);
        expect(l.body).toBeGreaterThanOrEqual(1);
        expect(l.left + (l.left > 0 ? 2 : 0) + l.right).toBe(Math.max(20, columns));
      }
    }
  });

  it('drops the phases column on a narrow screen and gives a wide one more room', () => {
    expect(layout({ columns: 50, rows: 24 }, { notices: 0, prompt: 0 }).left).toBe(0);
    expect(layout({ columns: 80, rows: 24 }, { notices: 0, prompt: 0 }).left).toBe(21);
    expect(layout({ columns: 250, rows: 70 }, { notices: 0, prompt: 0 }).left).toBe(34);
  });

  it('keeps a third of the screen for the step when notices and a prompt want room', () => {
    const l = layout({ columns: 80, rows: 10 }, { notices: 5, prompt: 2 });
    expect(l.body).toBeGreaterThanOrEqual(3);
  });
});
