// Commands that wait for a person: an editor, a database shell or a Rails console with no
// command, `read -p`, `sudo -i`, `ssh host` with nothing to run, `kubectl exec -it`, a
// password prompt. A step runs with stdin from /dev/null, where these fail or hang; `run`
// gives them the terminal instead (a `tty` step), and `check` says so.

import type { Step } from './model';
import { parseWords, type ParsedCommand } from './command-meaning';
import { pipelineSegments, withoutHeredocBodies } from './shell-lines';
import { outsideQuotes, simpleCommands } from './shell-text';

const EDITORS = new Set(['vi', 'vim', 'nvim', 'nano', 'emacs', 'pico', 'joe', 'mcedit']);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'ksh', 'fish', 'python', 'python3', 'node', 'irb', 'ipython', 'pry', 'iex', 'R']);
const SSH_VALUE = /^-[BbcDEeFIiJLlmOopQRSWw]$/;

/** Why a command waits for a person, or null when it runs on its own. */
export function interactiveReason(command: string): string | null {
  // A heredoc's body names programs the step does not run (a script it writes, SQL it sends).
  const segments = pipelineSegments(withoutHeredocBodies(command));
  for (let i = 0; i < segments.length; i++) {
    const text = segments[i]?.text ?? '';
    const fed = segments[i - 1]?.after === '|' || stdinRedirected(text);
    const words = simpleCommands(text)[0]?.words ?? [];
    const reason = sudoShell(words) ?? reasonOf(parseWords(words), fed);
    if (reason) return reason;
  }
  return null;
}

/** `< file`, `<<EOF`, `<<< "x"` outside quotes (not `<(…)`). */
function stdinRedirected(text: string): boolean {
  const bare = outsideQuotes(text, ' ');
  return /(?:^|[\s\d])<(?!\()/.test(bare);
}

function sudoShell(words: string[]): string | null {
  if (words[0] !== 'sudo') return null;
  const rest = words.slice(1);
  const flags = rest.filter((w) => /^-/.test(w));
  const command = rest.filter((w) => !/^-/.test(w));
  if (command.length === 0 && flags.some((f) => /^-[a-zA-Z]*[is]$|^--(?:login|shell)$/.test(f))) return 'sudo -i opens a shell';
  return null;
}

function has(c: ParsedCommand, re: RegExp): boolean {
  return c.args.some((a) => re.test(a));
}

function reasonOf(c: ParsedCommand | null, fed: boolean): string | null {
  if (!c) return null;
  const name = c.name;
  const [first] = c.positional;
  if (c.assigned.includes('EDITOR') || c.assigned.includes('VISUAL') || /^\$\{?(?:EDITOR|VISUAL)\}?$/.test(c.program) || EDITORS.has(name)) return 'opens an editor';
  if ((name === 'crontab' && has(c, /^-e$/)) || name === 'visudo' || name === 'vipw' || (/^(?:kubectl|oc|systemctl)$/.test(name) && first === 'edit')) return `${name} … edit opens an editor`;
  if (name === 'git' && first === 'rebase' && has(c, /^(?:-i|--interactive)$/)) return 'git rebase -i opens an editor';
  if (name === 'read' && !fed) return 'read waits for input';
  if (/^(?:kubectl|oc|docker|podman|nerdctl)$/.test(name) && /^(?:exec|run|attach|debug)$/.test(first ?? '') && (has(c, /^-[a-zA-Z]*(?:it|ti)[a-zA-Z]*$/) || (has(c, /^-i$|^--stdin$|^--interactive$/) && has(c, /^-t$|^--tty$/)))) {
    return `${name} ${first} -it wants a terminal`;
  }
  if (name === 'ssh') return sshReason(c);
  if ((name === 'oc' || name === 'kubectl') && first === 'rsh' && c.positional.length <= 2 && !c.args.includes('--')) return `${name} rsh opens a shell in the pod`;
  if ((name === 'psql' || name === 'gitlab-psql') && has(c, /^(?:-W|--password)$/)) return `${name} --password asks for a password`;
  if (/^(?:mysql|mariadb)$/.test(name) && has(c, /^(?:-p|--password)$/)) return `${name} -p asks for a password`;
  if (has(c, /^--password$/) && c.args.at(-1) === '--password') return '--password with no value asks for one';
  if (fed) return null;
  if ((name === 'psql' || name === 'gitlab-psql') && !has(c, /^(?:-[a-zA-Z]*[cfl][a-zA-Z]*|--command(?:=.*)?|--file(?:=.*)?|--list|-V|--version|--help)$/)) return `${name} with no -c or -f opens a SQL shell`;
  if (/^(?:mysql|mariadb)$/.test(name) && !has(c, /^(?:-e|--execute(?:=.*)?|-[a-zA-Z]*e|--version|-V)$/)) return `${name} with no -e opens a SQL shell`;
  if (name === 'sqlite3' && c.positional.length <= 1) return 'sqlite3 with no SQL opens a SQL shell';
  if (name === 'redis-cli' && c.positional.length === 0 && !has(c, /^(?:--scan|--bigkeys|--memkeys|--stat|--latency.*|-r|--pipe|--rdb|--version|-v)$/)) return 'redis-cli with no command opens a shell';
  if (/^(?:mongo|mongosh)$/.test(name) && !has(c, /^(?:--eval|-f|--file)$/) && c.positional.every((p) => !/\.js$/.test(p))) return `${name} with no --eval opens a shell`;
  if (name === 'cockroach' && first === 'sql' && !has(c, /^(?:-e|--execute(?:=.*)?|-f|--file(?:=.*)?)$/)) return 'cockroach sql with no -e opens a SQL shell';
  if (/^(?:rails|gitlab-rails)$/.test(name) && /^(?:console|c|dbconsole|db)$/.test(first ?? '')) return `${name} ${first} opens a console`;
  if ((name === 'su' || name === 'runuser') && !has(c, /^(?:-c|--command(?:=.*)?)$/)) return `${name} opens a shell`;
  if (SHELLS.has(name) && c.args.length === 0) return `${name} with no script opens a shell`;
  if (/^(?:top|htop|btop|nmtui|tig|mc)$/.test(name) && !has(c, /^-b$/)) return `${name} is a full-screen program`;
  if ((name === 'tmux' && /^(?:a|at|attach|attach-session)$/.test(first ?? '')) || (name === 'screen' && has(c, /^-[rx]$/))) return `${name} attaches a terminal`;
  if (first === 'login' || (name === 'aws' && first === 'configure' && c.positional.length === 1)) return `${name} ${first} asks for credentials`;
  return null;
}

/** `ssh host` with no command to run logs in; `ssh -t` asks for a terminal. */
function sshReason(c: ParsedCommand): string | null {
  if (c.args.some((a) => /^-[a-zA-Z]*t/.test(a) && !SSH_VALUE.test(a))) return 'ssh -t asks for a terminal';
  const positional: string[] = [];
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i] ?? '';
    if (SSH_VALUE.test(a)) i++;
    else if (!/^-/.test(a)) positional.push(a);
  }
  if (c.args.some((a) => /^-[a-zA-Z]*[NfO]/.test(a))) return null;
  return positional.length === 1 ? 'ssh with no command opens a login shell' : null;
}

/** A step that gets the terminal: `{tty}` written, or inferred for an interactive command. */
export function runsInTerminal(step: Pick<Step, 'annotations' | 'interactive'>): boolean {
  return step.annotations.tty ?? step.interactive !== undefined;
}
