import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { KEY_BINDINGS, actionFor, type KeyContext } from '../../source/ui/key-bindings';
import { footerItems, footerText, helpLines } from '../../source/ui/key-hints';

const key = (extra: Partial<Key> = {}): Key =>
  ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...extra }) as Key;

const context = (extra: Partial<KeyContext> = {}, step: Partial<NonNullable<KeyContext['step']>> | null = {}): KeyContext => ({
  readOnly: false,
  rehearsal: false,
  running: false,
  follow: false,
  page: false,
  step: step === null ? null : { kind: 'shell', status: 'pending', offersCommand: false, awaitsJudgment: false, hasOutput: false, outlived: false, ...step },
  waiting: false,
  afterFailure: false,
  reviewing: false,
  hasDecisionTree: true,
  hasPlans: false,
  hasBaselines: false,
  panel: 'whole',
  ...extra,
});

describe('the key-bindings table', () => {
  it('names what enter does for each kind of step', () => {
    const label = (c: KeyContext) => footerItems(c).find((i) => i.keys === 'enter')?.label;
    expect(label(context())).toBe('run');
    expect(label(context({}, { status: 'interrupted' }))).toBe('re-run');
    expect(label(context({}, { kind: 'manual' }))).toBe('confirm');
    expect(label(context({}, { kind: 'input' }))).toBe('answer');
    expect(label(context({}, { kind: 'signoff' }))).toBe('sign');
    expect(label(context({}, { kind: 'decision' }))).toBe('choose');
    expect(label(context({ afterFailure: true }, { status: 'failed' }))).toBe('next');
    expect(label(context({ reviewing: true }, { status: 'passed' }))).toBe('next');
    expect(label(context({}, { status: 'passed' }))).toBeUndefined();
  });

  it('in a rehearsal enter on a command step says what it does: rehearse, not run', () => {
    const label = (c: KeyContext) => footerItems(c).find((i) => i.keys === 'enter')?.label;
    expect(label(context({ rehearsal: true }))).toBe('rehearse');
    expect(label(context({ rehearsal: true }, { kind: 'sql' }))).toBe('rehearse');
    expect(label(context({ rehearsal: true }, { status: 'interrupted' }))).toBe('rehearse');
    expect(label(context({ rehearsal: true }, { kind: 'manual' }))).toBe('confirm');
  });

  it('a step still running from before its runner went away: only wait, stop it or mark it done — nothing starts it', () => {
    const still = context({}, { status: 'interrupted', outlived: true, hasOutput: true });
    for (const input of ['s', 'f', 'e', 'r']) expect(actionFor(input, key(), still)).toBeNull();
    // Enter only says which keys apply (run-intents: nothing starts); the footer does not offer it.
    expect(actionFor('\r', key({ return: true }), still)).toBe('primary');
    expect(footerItems(still).map((i) => i.keys)).not.toContain('enter');
    expect(actionFor('w', key(), still)).toBe('wait');
    expect(actionFor('t', key(), still)).toBe('stop-outlived');
    expect(actionFor('p', key(), still)).toBe('pass');
    expect(footerText(footerItems(still), 200)).toBe('w wait for it · t stop it · p done · n note · d decision tree · o output · ? help · q quit');
    // While the screen waits for it: w is taken; t and p still decide otherwise.
    const waiting = { ...still, waiting: true };
    expect(actionFor('w', key(), waiting)).toBeNull();
    expect(actionFor('t', key(), waiting)).toBe('stop-outlived');
    // Once its process is gone it is an ordinary interrupted step.
    expect(actionFor('\r', key({ return: true }), context({}, { status: 'interrupted' }))).toBe('primary');
  });

  it('while a step runs: Ctrl-C stops it, enter only stops a follow step, q is not offered (pressed, it says Ctrl-C first)', () => {
    const running = context({ running: true }, { status: 'running' });
    expect(actionFor('c', key({ ctrl: true }), running)).toBe('interrupt');
    expect(actionFor('\r', key({ return: true }), running)).toBeNull();
    expect(actionFor('q', key(), running)).toBe('quit');
    expect(footerItems(running).map((i) => i.keys)).not.toContain('q');
    expect(actionFor('\r', key({ return: true }), { ...running, follow: true })).toBe('primary');
    expect(footerItems(running)[0]).toMatchObject({ keys: 'ctrl-c', label: 'stop step' });
  });

  it('read-only (watch): only moving, baselines, output, help and leaving', () => {
    const watching = context({ readOnly: true, hasBaselines: true }, { hasOutput: true });
    const applying = KEY_BINDINGS.filter((b) => b.when(watching)).map((b) => b.action);
    expect(applying.sort()).toEqual(['baselines', 'help', 'interrupt', 'next-phase', 'next-step', 'pager', 'prev-phase', 'prev-step', 'quit'].sort());
    expect(footerText(footerItems(watching), 80)).toBe('b baselines · o output · ? help · q leave');
  });

  it('p and f judge manual checks and prose expectations; f refuses a sign-off', () => {
    expect(actionFor('p', key(), context({}, { kind: 'manual' }))).toBe('pass');
    expect(actionFor('p', key(), context({}, { status: 'passed', awaitsJudgment: true }))).toBe('pass');
    expect(actionFor('p', key(), context())).toBeNull();
    expect(footerItems(context({}, { kind: 'signoff' })).find((i) => i.keys === 'f')?.label).toBe('refuse');
  });

  it('maps arrows and vi keys to moving', () => {
    const c = context();
    expect(actionFor('', key({ upArrow: true }), c)).toBe('prev-step');
    expect(actionFor('j', key(), c)).toBe('next-step');
    expect(actionFor('[', key(), c)).toBe('prev-phase');
    expect(actionFor('', key({ rightArrow: true }), c)).toBe('next-phase');
  });

  it('x shows the whole step when something of it is cut, and takes it back; expanded, the moving keys scroll', () => {
    expect(actionFor('x', key(), context())).toBeNull();
    const cut = context({ panel: 'cut' });
    expect(actionFor('x', key(), cut)).toBe('expand');
    expect(actionFor('x', key(), { ...cut, running: true })).toBeNull();
    expect(footerText(footerItems(cut), 80)).toBe('enter run · s skip · e edit · d decision tree · x whole step · ? help · q quit');
    expect(actionFor('j', key(), cut)).toBe('next-step');
    expect(actionFor('', key({ pageDown: true }), cut)).toBeNull();

    const expanded = context({ panel: 'expanded' });
    expect(footerItems(expanded).find((i) => i.keys === 'x')?.label).toBe('collapse');
    expect(actionFor('x', key(), expanded)).toBe('expand');
    // Esc closes it, as it closes every overlay; not expanded, Esc does nothing.
    expect(actionFor('', key({ escape: true }), expanded)).toBe('collapse');
    expect(actionFor('', key({ escape: true }), cut)).toBeNull();
    expect(actionFor('j', key(), expanded)).toBe('scroll-down');
    expect(actionFor('', key({ upArrow: true }), expanded)).toBe('scroll-up');
    expect(actionFor('', key({ pageDown: true }), expanded)).toBe('page-down');
    expect(actionFor('', key({ pageUp: true }), expanded)).toBe('page-up');
    // Phases still move (and leave the whole step).
    expect(actionFor(']', key(), expanded)).toBe('next-phase');
    // Read-only (watch) too: it only changes what the panel shows.
    expect(actionFor('x', key(), { ...cut, readOnly: true })).toBe('expand');
  });

  it('on an information page cut short, the footer offers x as the whole page, not a step (there is none)', () => {
    const page = context({ page: true, panel: 'cut' }, null);
    expect(actionFor('x', key(), page)).toBe('expand');
    expect(footerText(footerItems(page), 80)).toContain('x whole page');
    expect(footerText(footerItems(page), 80)).not.toContain('whole step');
  });

  it('fits the footer in the width, dropping the least important keys but never ? and q', () => {
    const items = footerItems(context({ hasBaselines: true }, { hasOutput: true }));
    const wide = footerText(items, 200);
    expect(wide).toBe('enter run · s skip · e edit · n note · d decision tree · b baselines · o output · ? help · q quit');
    for (const width of [80, 60, 40, 30]) {
      const text = footerText(items, width);
      expect(text.length).toBeLessThanOrEqual(width);
      expect(text).toContain('? help');
      expect(text).toContain('q quit');
    }
    expect(footerText(items, 40)).toBe('enter run · s skip · ? help · q quit');
  });

  it('documents every binding in the help', () => {
    const shown = helpLines()
      .map((l) => l.keys)
      .join(' / ');
    for (const b of KEY_BINDINGS) expect(shown).toContain(b.keys);
    expect(helpLines()).toContainEqual({ keys: '↑ k / ↓ j', help: 'move to the previous step / the next step; x: scroll' });
    for (const line of helpLines()) expect(line.help.length).toBeGreaterThan(5);
    expect(helpLines()).toContainEqual({ keys: 'd / P', help: 'open the rollback decision tree / the plans: open one on purpose' });
    expect(helpLines()).toContainEqual({ keys: 'x / esc', help: 'the whole step or page, every line, scrolled / back (x again too)' });
    // Once every step is done q finishes the run, as the footer and Ctrl-C say there.
    expect(helpLines()).toContainEqual({ keys: 'q', help: 'leave, resumable; every step done: finish; running: Ctrl-C first' });
  });

  it('fits the help in an 80×24 pane: the title and every line in the 19 lines of the body, each line whole', () => {
    const lines = helpLines();
    const keysWidth = Math.max(...lines.map((l) => l.keys.length)) + 2;
    expect(lines.length + 1).toBeLessThanOrEqual(19);
    // A line longer than the pane is cut with "…": "w / t" and "o" lost their ends that way.
    const cut = lines.filter((l) => keysWidth + [...l.help].length > 80).map((l) => `${l.keys}: ${l.help}`);
    expect(cut).toEqual([]);
  });

  it('P opens the plans (not p, which passes a check) when nothing runs; offered only when the runbook has plans', () => {
    const withPlans = context({ hasPlans: true }, { kind: 'manual' });
    expect(actionFor('P', key({ shift: true }), withPlans)).toBe('plans');
    expect(actionFor('p', key(), withPlans)).toBe('pass');
    // Without plans the footer leaves it out; pressed, it says there are none (e2e/absent-keys).
    const noPlans = context({ hasPlans: false }, { kind: 'manual' });
    expect(actionFor('P', key({ shift: true }), noPlans)).toBe('plans');
    expect(footerText(footerItems(noPlans), 200)).not.toContain('P plans');
    expect(actionFor('P', key({ shift: true }), { ...withPlans, running: true })).toBeNull();
    expect(actionFor('P', key({ shift: true }), { ...withPlans, readOnly: true })).toBeNull();
    // In the footer when there is room; the first key to go when there is not.
    expect(footerText(footerItems(withPlans), 200)).toContain('P plans · o full text · ? help · q quit');
    expect(footerText(footerItems(withPlans), 60)).not.toContain('P plans');
  });
});
