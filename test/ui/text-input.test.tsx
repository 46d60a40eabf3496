import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { Key } from 'ink';
import { burstEdits, textInputAction, textInputReducer, textInputState, textValue, type TextInputAction } from '../../source/ui/hooks/use-text-input';
import { TextPrompt } from '../../source/ui/components/text-prompt';
import { inputWindow } from '../../source/ui/components/text-input';
import { KEYS, waitForFrame } from '../helpers/frames';

const key = (extra: Partial<Key> = {}): Key => ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, ...extra }) as Key;
const apply = (value: string, ...actions: TextInputAction[]) => textValue(actions.reduce(textInputReducer, textInputState(value)));

describe('the text input state', () => {
  it('edits at the cursor, by code point', () => {
    expect(apply('dépl', { type: 'left' }, { type: 'backspace' }, { type: 'insert', text: 'é' })).toBe('déél');
    expect(apply('abc', { type: 'home' }, { type: 'insert', text: 'x' }, { type: 'end' }, { type: 'insert', text: 'y' })).toBe('xabcy');
    expect(apply('rm -rf /tmp/x', { type: 'delete-word' })).toBe('rm -rf ');
    expect(apply('abc', { type: 'home' }, { type: 'right' }, { type: 'kill-end' })).toBe('a');
    expect(apply('abc', { type: 'clear' })).toBe('');
    expect(apply('', { type: 'backspace' }, { type: 'left' })).toBe('');
  });

  it('reads keys as edits: ctrl shortcuts, backspace, a paste; enter, esc and ctrl-c are not edits', () => {
    expect(textInputAction('u', key({ ctrl: true }), { multiline: false })).toEqual({ type: 'clear' });
    expect(textInputAction('', key({ delete: true }), { multiline: false })).toEqual({ type: 'backspace' });
    expect(textInputAction('a\nb', key(), { multiline: false })).toEqual({ type: 'insert', text: 'a b' });
    expect(textInputAction('a\nb', key(), { multiline: true })).toEqual({ type: 'insert', text: 'a\nb' });
    expect(textInputAction('\r', key({ return: true }), { multiline: false })).toBeNull();
    expect(textInputAction('c', key({ ctrl: true }), { multiline: false })).toBeNull();
  });

  it('treats "word⏎" typed faster than a frame as the word and enter', () => {
    const typed = (input: string, multiline: boolean) => {
      const burst = burstEdits(input, multiline);
      return burst && { value: apply('', ...burst.edits), submit: burst.submit };
    };
    expect(typed('yes\r', false)).toEqual({ value: 'yes', submit: true });
    expect(typed('a\rb', false)).toEqual({ value: 'a', submit: true });
    expect(typed('x', false)).toBeNull();
    // In an edited command only a final return means enter: a pasted line break stays.
    expect(typed('a\rb', true)).toEqual({ value: 'a\nb', submit: false });
    expect(typed('echo hi\r', true)).toEqual({ value: 'echo hi', submit: true });
  });

  it('applies control keys in a burst in the order typed: Ctrl-U, Ctrl-W, backspace between letters', () => {
    const typed = (input: string, from = '') => apply(from, ...(burstEdits(input, false)?.edits ?? []));
    expect(typed('abc\u0015def')).toBe('def');
    expect(typed('\u0015new', 'old value')).toBe('new');
    expect(typed('rm -rf /x\u0017/tmp')).toBe('rm -rf /tmp');
    expect(typed('abd\u007Fc')).toBe('abc');
    expect(typed('bc\u0001a\u0005d')).toBe('abcd');
    expect(typed('abc\u0001\u000B xyz')).toBe(' xyz');
    expect(burstEdits('wrong\u0015right\r', false)).toEqual({ edits: [{ type: 'insert', text: 'wrong' }, { type: 'clear' }, { type: 'insert', text: 'right' }], submit: true });
  });

  it('a suggestion is taken as it is, or replaced by the first key typed — never appended to', () => {
    const offered = 'step health failed: expectation not met';
    const suggest = (...actions: TextInputAction[]) => textValue(actions.reduce(textInputReducer, textInputState(offered, true)));
    expect(suggest()).toBe(offered);
    expect(suggest({ type: 'insert', text: 'h' }, { type: 'insert', text: 'ealth reports 3.0.9' })).toBe('health reports 3.0.9');
    // Typed faster than a frame: the burst replaces it just the same.
    expect(suggest({ type: 'insert', text: 'health reports 3.0.9' })).toBe('health reports 3.0.9');
    expect(suggest({ type: 'backspace' })).toBe('');
    expect(suggest({ type: 'clear' }, { type: 'insert', text: 'x' })).toBe('x');
    // A moving key makes it text to edit: end, then more words.
    expect(suggest({ type: 'end' }, { type: 'insert', text: ' (twice)' })).toBe(`${offered} (twice)`);
    expect(textInputState(offered, true)).toMatchObject({ cursor: 0, suggested: true });
    // Nothing to suggest: an ordinary empty input.
    expect(textInputState('', true)).toEqual({ chars: [], cursor: 0 });
  });

  // Cut silently, a long suggested reason read as if it were the whole of it.
  it('scrolls a long value so the cursor stays visible, a … on each side that hides some of it', () => {
    const state = textInputState('abcdefghij');
    expect(inputWindow(state, false, 5)).toEqual(['…hij', ' ', '']);
    expect(inputWindow({ ...state, cursor: 0 }, false, 5)).toEqual(['', 'a', 'bcd…']);
    expect(inputWindow({ ...state, cursor: 5 }, false, 5)).toEqual(['…de', 'f', '…']);
    expect(inputWindow({ ...state, cursor: 2 }, false, 5)).toEqual(['ab', 'c', 'd…']);
    expect(inputWindow(state, true, 20)).toEqual(['••••••••••', ' ', '']);
    expect(inputWindow({ ...state, cursor: 0 }, false, 11)).toEqual(['', 'a', 'bcdefghij']);
  });

  // A command edited with `e` (or a suggested reason naming a step) is other people's text:
  // drawn raw, an OSC in it retitled the window and `\e[2K\e[1G` hid what runs.
  it('spells out controls and invisible characters in the value, as the rest of the screen does', () => {
    const state = textInputState('touch PWNED \u001b[2K\u001b[1G$ echo hi \u001b]2;owned\u0007 \u202e');
    expect(inputWindow({ ...state, cursor: 0 }, false, 80).join('')).toBe('touch PWNED \\e[2K\\e[1G$ echo hi \\e]2;owned\\x07 <U+202E>');
    expect(inputWindow(textInputState('a\tb'), false, 80).join('')).toBe('a b ');
  });

  // CJK and emoji take two columns: counted as one, the window ran past the line's end and
  // the cursor was cut off with it, out of sight while editing.
  it('scrolls by columns, so a wide character never pushes the cursor off the line', () => {
    const state = textInputState('echo 漢字漢字漢字漢字');
    const [before, at, after] = inputWindow({ ...state, cursor: 9 }, false, 10);
    expect(before + at).toBe('…漢字漢');
    expect(after).toBe('…');
    expect(stringWidth(before + at + after)).toBeLessThanOrEqual(10);
    const end = inputWindow(state, false, 10);
    expect(end).toEqual(['…字漢字', ' ', '']);
    expect(stringWidth(inputWindow({ ...state, cursor: 0 }, false, 10).join(''))).toBeLessThanOrEqual(10);
    expect(inputWindow({ ...state, cursor: 0 }, false, 10).join('')).toBe('echo 漢…');
  });
});

describe('the text prompt', () => {
  it('shows a suggestion as one: enter takes it, a key typed replaces it', async () => {
    const submitted: string[] = [];
    const view = (onSubmit: (v: string) => void) => <TextPrompt label="Why this path?" initial="deploy failed: exit 1" suggested secret={false} width={80} hint="journaled" isActive onSubmit={onSubmit} onCancel={() => undefined} />;
    const taken = render(view((v) => submitted.push(v)));
    await waitForFrame(taken.lastFrame, (f) => f.includes('suggested: enter keeps it, typing replaces it · journaled'));
    taken.stdin.write(KEYS.enter);
    await waitForFrame(() => submitted.join('|'), (f) => f === 'deploy failed: exit 1');
    taken.unmount();
    const replaced = render(view((v) => submitted.push(v)));
    await waitForFrame(replaced.lastFrame, (f) => f.includes('Why this path? deploy failed'));
    for (const ch of 'db down') replaced.stdin.write(ch);
    await waitForFrame(replaced.lastFrame, (f) => f.includes('Why this path? db down') && !f.includes('suggested'));
    replaced.stdin.write(KEYS.enter);
    await waitForFrame(() => submitted.join('|'), (f) => f === 'deploy failed: exit 1|db down');
    replaced.unmount();
  });

  it('masks a secret, submits the value on enter and cancels on esc', async () => {
    const submitted: string[] = [];
    let cancelled = 0;
    const { lastFrame, stdin } = render(<TextPrompt label="Database password:" initial="" secret width={60} hint="never journaled" isActive onSubmit={(v) => submitted.push(v)} onCancel={() => cancelled++} />);
    await waitForFrame(lastFrame, (f) => f.includes('Database password:') && f.includes('never journaled'));
    for (const ch of 's3cret') {
      stdin.write(ch);
      await new Promise((r) => setImmediate(r));
    }
    const frame = await waitForFrame(lastFrame, (f) => f.includes('••••••'));
    expect(frame).not.toContain('s3cret');
    stdin.write(KEYS.enter);
    await waitForFrame(() => String(submitted.length), (n) => n === '1');
    expect(submitted).toEqual(['s3cret']);
    stdin.write(KEYS.escape);
    await waitForFrame(() => String(cancelled), (n) => n === '1');
  });

  it('a burst holding Ctrl-U (typed faster than a frame) is applied in order: the text after it is the answer', async () => {
    const submitted: string[] = [];
    const { lastFrame, stdin } = render(<TextPrompt label="Why skip it?" initial="" secret={false} width={60} isActive onSubmit={(v) => submitted.push(v)} onCancel={() => undefined} />);
    await waitForFrame(lastFrame, (f) => f.includes('Why skip it?'));
    // One chunk, as Ink hands a burst to the input hook.
    stdin.write('typo here\u0015not needed today');
    await waitForFrame(lastFrame, (f) => f.includes('Why skip it? not needed today'));
    stdin.write('\u0015done\r');
    await waitForFrame(() => submitted.join('|'), (v) => v === 'done');
  });

  it('shows why an answer was refused', async () => {
    const { lastFrame } = render(<TextPrompt label="Commit SHA:" initial="nope" secret={false} width={60} error="Commit SHA must match ^[0-9a-f]{7,40}$" isActive onSubmit={() => undefined} onCancel={() => undefined} />);
    await waitForFrame(lastFrame, (f) => f.includes('Commit SHA: nope') && f.includes('✘ Commit SHA must match'));
  });
});
