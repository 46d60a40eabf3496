// Keys for a widget that has just opened. Ink attaches a widget's input handler in an effect,
// after its first frame: keys typed in between (fast typing, an SSH link delivering a burst)
// reach only the screen's handler, which leaves them to the widget. The screen holds them
// here, and hands them over in order once the frame with the widget is committed.

import { createContext, useContext, useEffect } from 'react';
import { useInput, type Key } from 'ink';

type Handler = (input: string, key: Key) => void;

/** Which widget is open (as React keys it: the same string, the same mounted widget). */
export type WidgetId = string | null;

export class KeyRelay {
  /** The widget on the committed frame, its handler attached. */
  private ready: WidgetId = null;
  private held: Array<{ widget: string; input: string; key: Key }> = [];
  private handlers: Handler[] = [];

  /** Whether the widget listens already (else the screen holds its keys). */
  listening(widget: string): boolean {
    return widget === this.ready;
  }

  hold(widget: string, input: string, key: Key): void {
    this.held.push({ widget, input, key });
  }

  attach(handler: Handler): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  /**
   * A frame is committed, its widget attached. `latest` is the screen's state by now (keys
   * may have moved it on since the frame was drawn): keys held for it wait for its frame;
   * keys held for a widget closed since are dropped, as the widget would have dropped them.
   */
  committed(widget: WidgetId, latest: WidgetId): void {
    this.ready = widget;
    const handler = this.handlers.at(-1);
    const deliver = widget !== null && widget === latest && handler !== undefined;
    const held = this.held.filter((h) => h.widget === latest);
    this.held = deliver ? [] : held;
    if (deliver) for (const h of held) handler(h.input, h.key);
  }
}

export const KeyRelayContext = createContext<KeyRelay | null>(null);

/** useInput for a widget: also takes the keys the screen held while it was opening. */
export function useWidgetInput(handler: Handler, options: { isActive: boolean }): void {
  useInput(handler, options);
  const relay = useContext(KeyRelayContext);
  const { isActive } = options;
  useEffect(() => (relay && isActive ? relay.attach(handler) : undefined), [relay, isActive, handler]);
}
