// A new user's way with the run screen: read the footer, press every key it lists. Keys
// that open something (help, a prompt, the tree, the baselines, the pager) are opened,
// checked and left again; the keys that change the run are left to the test's walk.

import { expect } from 'vitest';
import { waitFor } from '../helpers/cli';
import { all, has, lastLine, see, type Setup } from './tui-screen';

/** "enter run · s skip · ? help" → ['enter', 's', '?']. */
function footerKeys(lines: string[]): string[] {
  return lastLine(lines)
    .split(' · ')
    .map((item) => item.split(' ')[0] ?? '');
}

const TMUX_KEY: Record<string, string> = { enter: 'Enter', 'ctrl-c': 'C-c' };

/** Keys that open something the operator leaves again with esc; what each must show. */
const OPENS: Record<string, { shows: (lines: string[]) => boolean; what: string }> = {
  '?': { shows: all(has('KEYS'), (l) => lastLine(l) === 'any key closes the help'), what: 'the help' },
  s: { shows: all(has('Why skip it?'), (l) => lastLine(l).startsWith('enter ok · esc cancel')), what: 'skip asking why' },
  n: { shows: has('Note:'), what: 'the note prompt' },
  d: { shows: all(has('DECISION TREE'), has('? Is the app healthy?')), what: 'the decision tree' },
  b: { shows: all(has('BASELINES · 1 item'), has('capture baseline')), what: 'the baselines' },
  P: { shows: all(has('PLANS · entered on purpose'), has('▸ 1. Rollback Plan A: Undo')), what: 'the plans' },
};

/** The keys the walk itself presses (they change the run), checked off as they are used. */
const WALK = new Set(['enter', 'p', 'f', 'r', 'q', 'ctrl-c']);

export class NewUser {
  /** Every key any footer listed, and every key pressed. */
  readonly listed = new Set<string>();
  readonly pressed = new Set<string>();

  constructor(private readonly s: Setup) {}

  async key(key: string, test: (lines: string[]) => boolean, what: string): Promise<string[]> {
    this.pressed.add(key);
    this.s.tmux.key(this.s.drive, TMUX_KEY[key] ?? key);
    return see(this.s, test, what);
  }

  /**
   * Presses every key of the footer that opens something, and checks the screen
   * answered and came back; returns the footer's other keys (the walk presses them).
   */
  async tryFooter(at: string, pager: string | null): Promise<string[]> {
    const before = await see(this.s, () => true, at);
    const footer = lastLine(before);
    const keys = footerKeys(before);
    const rest: string[] = [];
    for (const key of keys) {
      this.listed.add(key);
      const opens = OPENS[key];
      if (opens) {
        await this.key(key, opens.shows, `${at}: ${key} opens ${opens.what}`);
        await this.key('Escape', (l) => lastLine(l) === footer, `${at}: esc leaves ${opens.what}`);
      } else if (key === 'e') {
        await this.edit(at, footer);
      } else if (key === 'o') {
        await this.pager(at, pager, footer);
      } else {
        expect(WALK, `${at}: the footer lists "${key}"`).toContain(key);
        rest.push(key);
      }
    }
    expect(keys, `${at}: ? is in the footer`).toContain('?');
    return rest;
  }

  /**
   * e: a one-line command in the edit prompt (esc leaves it); one of several lines in the
   * editor (vi here), every line kept — quitting it unchanged edits nothing.
   */
  private async edit(at: string, footer: string): Promise<void> {
    const { tmux, drive } = this.s;
    this.pressed.add('e');
    tmux.key(drive, 'e');
    const prompt = (l: string[]) => l.some((x) => /^Command: \S/.test(x));
    // vi has read the file once its line says so ("….sql" 2L, 84B); keys typed before may be lost.
    const editor = (l: string[]) => l.some((x) => /\.(sh|sql)" .*\d+L, \d+B/.test(x));
    const shown = await tmux.waitFor(drive, (l) => prompt(l) || editor(l), `${at}: e opens the command to edit`, 20_000);
    if (prompt(shown)) {
      await this.key('Escape', (l) => lastLine(l) === footer, `${at}: esc leaves the edit prompt`);
      return;
    }
    // vi may drop keys typed while it sets the terminal up (seen under load): while vi's
    // screen (its ~ lines) is still up after a while, esc :q enter is typed again. Never
    // once the run's screen is back, where : and q would be keys of the run.
    const back = all(has('unchanged: nothing edited'), (l) => lastLine(l) === footer);
    const inVi = (l: string[]) => l.some((x) => x.startsWith('~'));
    for (let attempt = 1; attempt <= 4; attempt++) {
      tmux.key(drive, 'Escape');
      tmux.type(drive, ':q');
      tmux.key(drive, 'Enter');
      try {
        await see(this.s, back, `${at}: the screen back after the editor`, drive, 5_000);
        return;
      } catch {
        // Not back yet: type it again only while vi is still up; else wait longer below.
        if (!inVi(tmux.capture(drive))) break;
      }
    }
    await see(this.s, back, `${at}: the screen back after the editor`, drive, 20_000);
  }

  /** o: the whole output (before the step ran: its whole text) opens in a tmux split beside the screen, and closes with q. */
  private async pager(at: string, text: string | null, footer: string): Promise<void> {
    const { tmux, drive } = this.s;
    const before = tmux.panes();
    this.pressed.add('o');
    tmux.key(drive, 'o');
    const pane = await waitFor(() => tmux.panes().find((p) => !before.includes(p)), `${at}: o opens a pane`);
    await tmux.waitFor(pane, has(text ?? '(no output)'), `${at}: the output in the pager`);
    // The screen beside it, smaller now, is still whole.
    await see(this.s, (l) => lastLine(l) === footer, `${at}: the screen beside the pager`);
    tmux.key(pane, 'q');
    await waitFor(() => tmux.panes().length === before.length, `${at}: the pager closes with q`);
    await see(this.s, (l) => lastLine(l) === footer, `${at}: the screen back at full size`);
  }
}
