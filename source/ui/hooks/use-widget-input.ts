// Keys for the run screen's widgets. Ink attaches an input handler in an effect, after the
// frame: keys typed right after a widget opens (fast typing, an SSH link delivering a burst)
// reached no handler, and a widget just closed still took keys meant for the screen. So the
// screen routes every key: to the widget its state has open once that widget is attached,
// held until then and replayed in order.

import { createContext, useContext, useEffect } from 'react';
import { useInput, type Key } from 'ink';

type Handler = (input: string, key: Key) => void;

/** Which widget is open (as React keys it: the same string, the same mounted widget). */
export type WidgetId = string | null;

export class KeyRelay {
  /** The widget on the committed frame, its handler attached. */
  private ready: WidgetId = null;
  private held: Array<[string, Key]> = [];
  private handlers: Handler[] = [];

  /** Whether the widget listens already (else the screen holds its keys). */
  listening(widget: string): boolean {
    return widget === this.ready;
  }

  /** Keys wait their turn: while some are held, later ones are held behind them. */
  holding(): boolean {
    return this.held.length > 0;
  }

  hold(input: string, key: Key): void {
    this.held.push([input, key]);
  }

  attach(handler: Handler): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  /** A key to the widget that listens now (the one attached last). */
  deliver(input: string, key: Key): void {
    this.handlers.at(-1)?.(input, key);
  }

  /**
   * A frame is committed, its widget attached: the held keys go through the screen again in
   * order, as if typed now. Each may close the widget or open another (which holds the rest).
   */
  committed(widget: WidgetId, replay: Handler): void {
    this.ready = widget;
    const held = this.held;
    this.held = [];
    for (const [input, key] of held) replay(input, key);
  }
}

export const KeyRelayContext = createContext<KeyRelay | null>(null);

/**
 * useInput for a widget. Under a screen with a relay the screen routes the keys: to the widget
 * its state has open, once that widget is attached; else Ink's useInput as it is.
 */
export function useWidgetInput(handler: Handler, options: { isActive: boolean }): void {
  const relay = useContext(KeyRelayContext);
  const { isActive } = options;
  useInput(handler, { isActive: isActive && relay === null });
  useEffect(() => (relay && isActive ? relay.attach(handler) : undefined), [relay, isActive, handler]);
}
