// What the key-bindings table says to the operator: the footer line of the keys that
// apply now, and the `?` help. Generated from the table, so they never disagree with it.

import { KEY_BINDINGS, type Action, type KeyContext } from './key-bindings';

export interface FooterItem {
  keys: string;
  label: string;
  priority: number;
}

/** The keys that apply now, in table order; while a step runs, how to stop it comes first. */
export function footerItems(c: KeyContext): FooterItem[] {
  const items: FooterItem[] = [];
  if (c.running && !c.follow) items.push({ keys: 'ctrl-c', label: 'stop step', priority: 0 });
  if (c.running && c.follow) items.push({ keys: 'enter/ctrl-c', label: 'stop (counts as success)', priority: 0 });
  for (const b of KEY_BINDINGS) {
    if (b.footer === null || !b.when(c) || b.offered?.(c) === false) continue;
    // Enter while a step runs is told first (above); on a step still running from before it runs nothing.
    if (b.action === 'primary' && (c.running || c.step?.outlived)) continue;
    items.push({ keys: b.keys, label: b.label(c), priority: b.footer });
  }
  return items;
}

/**
 * Fits footer items in one line, in table order: when they do not all fit, the ones with
 * the lowest priority go first (`? help` and `q` stay, so every key is one press away).
 */
export function footerText(items: FooterItem[], width: number): string {
  const render = (list: FooterItem[]) => list.map((i) => `${i.keys} ${i.label}`).join(' · ');
  const kept = [...items];
  while (kept.length > 1 && render(kept).length > width) {
    let drop = 0;
    for (let i = 1; i < kept.length; i++) if ((kept[i]?.priority ?? 0) >= (kept[drop]?.priority ?? 0)) drop = i;
    kept.splice(drop, 1);
  }
  return render(kept);
}

/** Moving keys share a help line ("↑ k / ↓ j"), so the help fits an 80×24 pane. */
const PAIRS: Partial<Record<Action, Action>> = { 'prev-step': 'next-step', 'prev-phase': 'next-phase', 'scroll-up': 'scroll-down', 'page-up': 'page-down', wait: 'stop-outlived', decision: 'plans', expand: 'collapse' };

/**
 * Lines for the help overlay: every binding, its keys and what it does. Keys that mean
 * one thing or another by context share a line ("move to the next step; x: scroll").
 */
export function helpLines(): { keys: string; help: string }[] {
  const lines: { keys: string; help: string; short: string }[] = [];
  for (const b of KEY_BINDINGS) {
    if (Object.values(PAIRS).includes(b.action)) continue;
    const pair = PAIRS[b.action];
    const other = pair ? KEY_BINDINGS.find((x) => x.action === pair) : undefined;
    const line = other ? { keys: `${b.keys} / ${other.keys}`, help: `${b.help} / ${other.help.replace(/^move to /, '')}` } : { keys: b.keys, help: b.help };
    // The narrower meaning stands first in the table (so it wins there); the help reads the usual one first.
    const same = lines.find((l) => l.keys === line.keys);
    if (same) same.help = `${line.help}; ${same.short}`;
    else lines.push({ ...line, short: b.help });
  }
  return lines.map(({ keys, help }) => ({ keys, help }));
}
