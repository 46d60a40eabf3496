// The pager as the screen asks for it (`o`): it never spawns a program itself. The command
// that mounts the screen provides one (commands/pager.ts: `less`, or a tmux split).

export interface Pager {
  /** Inside tmux: the lines in a split pane beside the screen, which stays; false when that is not possible here. */
  split(step: string, lines: () => string[]): boolean;
  /** The lines in a pager with the terminal (the screen has stepped aside) until it exits: a problem to show, or null. */
  page(step: string, lines: string[]): Promise<string | null>;
}
