// How the terminal is divided. The frame is always one line shorter than the terminal:
// when Ink's output reaches the terminal's height it clears the whole screen on every
// frame, which flickers in tmux.

export interface ScreenSize {
  columns: number;
  rows: number;
}

export interface Layout {
  width: number;
  /** Lines of the whole frame: rows - 1. */
  height: number;
  /** Separator lines under the header and above the footer (dropped on tiny screens). */
  separators: boolean;
  notices: number;
  body: number;
  prompt: number;
  /** Width of the phases column; 0 when the screen is too narrow for two columns. */
  left: number;
  /** Width of the step column. */
  right: number;
}

/** Below this width the phases column goes and the step gets the whole width. */
const TWO_COLUMNS = 60;

export function layout(size: ScreenSize, wants: { notices: number; prompt: number }): Layout {
  const width = Math.max(20, size.columns);
  const height = Math.max(3, size.rows - 1);
  const separators = height >= 12;
  const fixed = 2 + (separators ? 2 : 0);
  // The body keeps at least a third of the screen; notices and the prompt share the rest.
  const spare = Math.max(0, height - fixed - Math.max(1, Math.floor(height / 3)));
  const prompt = Math.min(wants.prompt, spare);
  const notices = Math.min(wants.notices, spare - prompt);
  const body = Math.max(1, height - fixed - prompt - notices);
  const left = width >= TWO_COLUMNS ? Math.min(34, Math.max(20, Math.round(width * 0.26))) : 0;
  const right = left > 0 ? width - left - 2 : width;
  return { width, height, separators, notices, body, prompt, left, right };
}
