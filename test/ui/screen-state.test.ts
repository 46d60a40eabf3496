import { describe, expect, it } from 'vitest';
import { initialScreen, screenReducer, type Finished, type ScreenState } from '../../source/ui/screens/screen-state';

const start = (): ScreenState => initialScreen({ warning: '! not in tmux', changes: false });
const finished = (extra: Partial<Finished>): Finished => ({ step: 's1', status: 'passed', expectation: null, expectationText: null, message: null, ran: true, ...extra });

describe('the screen state', () => {
  it('opens with the resume banner only when there is something to show', () => {
    expect(initialScreen({ warning: null, changes: true }).overlay).toEqual({ kind: 'changes' });
    expect(initialScreen({ warning: null, changes: false }).overlay).toBeNull();
  });

  it('drops the tmux warning at the first key', () => {
    const s = screenReducer(start(), { type: 'key' });
    expect(s.warning).toBeNull();
    expect(screenReducer(s, { type: 'key' })).toBe(s);
  });

  it('after a failed step: stays on it and offers what to do next', () => {
    const running = screenReducer(start(), { type: 'started', step: 's1', follow: false });
    expect(running.running).toEqual({ step: 's1', follow: false });
    const s = screenReducer(running, { type: 'finished', result: finished({ status: 'failed', message: 'exit 3' }) });
    expect(s.running).toBeNull();
    expect(s.selected).toBe('s1');
    expect(s.prompt).toEqual({ kind: 'failed', step: 's1', message: 'exit 3' });
    expect(s.message).toEqual({ text: '✘ failed · exit 3', tone: 'bad' });
  });

  it('after a step whose expectation is prose: asks the operator to judge it', () => {
    const s = screenReducer(start(), { type: 'finished', result: finished({ expectation: 'manual', expectationText: 'Valid JSON with counts' }) });
    expect(s.prompt).toEqual({ kind: 'judge', step: 's1', expectation: 'Valid JSON with counts' });
    expect(s.selected).toBe('s1');
  });

  it('after a passed step: stays on it with its result until enter, and forgets the edited command', () => {
    const edited = screenReducer({ ...start(), selected: 's1' }, { type: 'edited', step: 's1', command: 'echo edited' });
    expect(edited.edited).toEqual({ s1: 'echo edited' });
    const s = screenReducer(edited, { type: 'finished', result: finished({ expectation: 'passed' }) });
    expect(s.selected).toBe('s1');
    expect(s.prompt).toBeNull();
    expect(s.edited).toEqual({});
    expect(s.message).toEqual({ text: '✔ passed · expectation met', keys: 'enter: next step', tone: 'ok' });
  });

  it('in a rehearsal nothing ran: follows the run again at once', () => {
    const s = screenReducer(start(), { type: 'finished', result: finished({ status: 'rehearsed', message: 'nothing ran', ran: false }) });
    expect(s.selected).toBeNull();
    expect(s.message).toEqual({ text: '○ rehearsed · nothing ran', tone: 'ok' });
  });

  it('an edit submitted unchanged drops any earlier edit and is no edit', () => {
    const edited = screenReducer(start(), { type: 'edited', step: 's1', command: 'echo edited' });
    const s = screenReducer(edited, { type: 'unedited', step: 's1' });
    expect(s.edited).toEqual({});
    expect(s.message).toEqual({ text: 'unchanged: nothing edited', tone: 'info' });
  });

  it('keeps a refused answer in the prompt, with why', () => {
    const asking = screenReducer(start(), { type: 'prompt', prompt: { kind: 'text', purpose: 'input', step: 's1', label: 'SHA:', initial: '', secret: false, error: null, hint: '' } });
    const refused = screenReducer(asking, { type: 'refuse', error: 'SHA must match ^[0-9a-f]{7}$' });
    expect(refused.prompt).toMatchObject({ kind: 'text', error: 'SHA must match ^[0-9a-f]{7}$' });
    expect(screenReducer(refused, { type: 'close-prompt' }).prompt).toBeNull();
  });

  it('x: shows a step whole, scrolls within the rows the panel measured, and collapses on x or esc, a move, a run or a typed confirmation', () => {
    const panel = { step: 's1', cut: true, total: 30, page: 12 };
    const open = screenReducer(screenReducer(start(), { type: 'panel', panel }), { type: 'expand', step: 's1' });
    expect(open.expanded).toEqual({ step: 's1', top: 0 });
    // The same measure again changes nothing (no frame drawn for it).
    expect(screenReducer(open, { type: 'panel', panel })).toBe(open);
    const down = screenReducer(open, { type: 'scroll', rows: 1 });
    expect(down.expanded?.top).toBe(1);
    expect(screenReducer(down, { type: 'scroll', pages: 1 }).expanded?.top).toBe(13);
    // Never past the last page, never above the first row.
    expect(screenReducer(down, { type: 'scroll', pages: 5 }).expanded?.top).toBe(18);
    expect(screenReducer(down, { type: 'scroll', rows: -5 }).expanded?.top).toBe(0);
    // A smaller measure (a prompt took rows, the pane shrank) keeps the scroll in range.
    const far = screenReducer(down, { type: 'scroll', pages: 5 });
    expect(screenReducer(far, { type: 'panel', panel: { ...panel, total: 20 } }).expanded?.top).toBe(8);

    expect(screenReducer(down, { type: 'expand', step: 's1' }).expanded).toBeNull();
    expect(screenReducer(down, { type: 'collapse' }).expanded).toBeNull();
    expect(screenReducer(down, { type: 'select', step: 's2' }).expanded).toBeNull();
    expect(screenReducer(down, { type: 'started', step: 's1', follow: false }).expanded).toBeNull();
    expect(screenReducer(down, { type: 'prompt', prompt: { kind: 'confirm', step: 's1', command: 'rm -rf x', word: 'rm', reasons: ['rm -r'], practice: false } }).expanded).toBeNull();
    expect(screenReducer(down, { type: 'prompt', prompt: { kind: 'judge', step: 's1', expectation: 'ok' } }).expanded).toEqual({ step: 's1', top: 1 });
  });
});
