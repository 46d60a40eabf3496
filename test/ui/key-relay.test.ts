// The relay that keeps keys for a widget not listening yet (source/ui/hooks/use-widget-input.ts).

import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { KeyRelay } from '../../source/ui/hooks/use-widget-input';

const plain = { ctrl: false, meta: false, return: false, escape: false } as Key;

describe('KeyRelay', () => {
  it('replays held keys once, in order, when a frame commits; a key held again keeps its place', () => {
    const relay = new KeyRelay();
    const seen: string[] = [];
    for (const ch of 'ab\rcd') relay.hold(ch, plain);
    expect(relay.listening('input:x')).toBe(false);
    // The screen replays each: after the return a new widget opens, so the rest is held again.
    relay.committed('input:x', (input, key) => {
      if (relay.holding() || seen.includes('\r')) return relay.hold(input, key);
      seen.push(input);
    });
    expect(seen).toEqual(['a', 'b', '\r']);
    expect(relay.listening('input:x')).toBe(true);
    relay.committed('input:y', (input) => seen.push(input));
    expect(seen).toEqual(['a', 'b', '\r', 'c', 'd']);
    expect(relay.holding()).toBe(false);
  });

  it('delivers a replayed key to the widget attached last, and to none once it has detached', () => {
    const relay = new KeyRelay();
    const first: string[] = [];
    const second: string[] = [];
    relay.attach((input) => first.push(input));
    const detach = relay.attach((input) => second.push(input));
    relay.deliver('2', plain);
    detach();
    relay.deliver('j', plain);
    expect([first, second]).toEqual([['j'], ['2']]);
  });
});
