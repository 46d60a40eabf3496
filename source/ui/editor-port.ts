// `e` on a command of several lines: the operator's editor, as the screen asks for it. The
// screen never spawns a program itself; the command that mounts it provides the editor
// (commands/editor.ts: $VISUAL, else $EDITOR, else vi), as it provides the pager.

export interface Editor {
  /**
   * `text` in the editor with the terminal (the screen has stepped aside) until it exits:
   * the text as saved, or why there is none (no editor, it failed, the file was emptied).
   */
  edit(step: string, text: string, kind: 'shell' | 'sql'): Promise<{ text: string } | { problem: string }>;
}
