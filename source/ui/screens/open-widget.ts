// Which widget takes the keys on the run screen: the screen's own handler leaves them to it.

import { promptWidget } from '../components/prompt-area';
import type { WidgetId } from '../hooks/use-widget-input';
import type { ScreenState } from './screen-state';

/** The widget that takes the keys in this state; null when the screen's handler does. */
export function openWidget(screen: ScreenState): WidgetId {
  const overlay = screen.overlay?.kind ?? null;
  // Help and the changes banner are closed by the screen's own handler.
  if (overlay === 'help' || overlay === 'changes') return null;
  const prompt = screen.prompt ? promptWidget(screen.prompt) : null;
  return prompt ?? (overlay ? `overlay:${overlay}` : null);
}
