// What a parsed command does, by its grammar: the program (past sudo, env, time, nohup …),
// its subcommand words, its flags — and the commands it hands to another shell (ssh host
// 'cmd', bash -c 'cmd', knife ssh QUERY 'cmd', kubectl exec … -- cmd). Destructive verbs are
// the same words across the cloud CLIs (gcloud … delete, aws … terminate-instances, az …
// delete, vault kv destroy, nomad job stop), so the rule is the verb, not the tool.

import { simpleCommands, stripShellComments } from './shell-text';

export interface ParsedCommand {
  /** The program as typed (`bin/gitlab-pgrepack`), and its base name. */
  program: string;
  name: string;
  /** Every word after the program, quotes removed. */
  args: string[];
  /** The first few words that are not flags: subcommands and their objects. */
  positional: string[];
  /** Environment assignments in front of it (`EDITOR=vim cmd`). */
  assigned: string[];
}

const PREFIXES = new Set(['sudo', 'env', 'time', 'nohup', 'exec', 'command', 'nice', 'ionice', 'stdbuf', '!']);
/** Short flags of the prefixes that take a value: `sudo -u git`, `nice -n 10`. */
const PREFIX_VALUE = /^-[ugCDhprtTn]$/;

/** Each simple command of the text, comments left out, parsed. */
export function parseCommands(text: string): ParsedCommand[] {
  return simpleCommands(stripShellComments(text)).flatMap(({ words }) => {
    const parsed = parseWords(words);
    return parsed ? [parsed] : [];
  });
}

export function parseWords(words: string[]): ParsedCommand | null {
  const assigned: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      assigned.push(w.slice(0, w.indexOf('=')));
      i++;
    } else if (PREFIXES.has(w)) {
      i++;
      while (/^-/.test(words[i] ?? '') && words[i] !== '--') i += PREFIX_VALUE.test(words[i] ?? '') ? 2 : 1;
      if (words[i] === '--') i++;
    } else if ((w === 'bundle' || w === 'poetry' || w === 'pipenv' || w === 'uv') && /^(?:exec|run)$/.test(words[i + 1] ?? '')) {
      // `bundle exec knife …`, `poetry run alembic …`: the command is what follows.
      i += 2;
    } else if (w === 'timeout' || w === 'watch') {
      // `timeout 30 cmd`, `watch -n 5 cmd`: the command follows.
      i++;
      while (/^-/.test(words[i] ?? '')) i += /^-[ns]$/.test(words[i] ?? '') ? 2 : 1;
      if (w === 'timeout') i++;
    } else break;
  }
  const program = words[i];
  if (program === undefined) return null;
  const args = words.slice(i + 1);
  const positional: string[] = [];
  for (let k = 0; k < args.length && positional.length < 4; k++) {
    const a = args[k] ?? '';
    if (a === '--') break;
    if (/^-/.test(a)) {
      // `-n prod`: a short option's value is not a subcommand.
      if (/^-[A-Za-z]$/.test(a)) k++;
      continue;
    }
    positional.push(a);
  }
  return { program, name: program.split('/').at(-1) ?? program, args, positional, assigned };
}

/** Commands a command hands to another shell: `ssh host 'cmd'`, `bash -c 'cmd'`, `… -- cmd`. */
export function innerCommands(c: ParsedCommand): ParsedCommand[] {
  const texts: string[] = [];
  const dash = c.args.indexOf('--');
  if (dash >= 0 && ['kubectl', 'oc', 'docker', 'podman', 'gcloud', 'xargs'].includes(c.name)) {
    const rest = parseWords(c.args.slice(dash + 1));
    if (rest) return [rest, ...innerCommands(rest)];
  }
  if (['ssh', 'bash', 'sh', 'zsh', 'su', 'knife', 'runuser'].includes(c.name)) {
    // The quoted command string: a word with a space in it, past the options.
    for (const a of c.args) if (/\s/.test(a.trim()) && !/^-/.test(a)) texts.push(a);
  }
  if (c.name === 'xargs') {
    const at = c.args.findIndex((a) => !/^-/.test(a));
    const rest = at >= 0 ? parseWords(c.args.slice(at)) : null;
    if (rest) return [rest];
  }
  return texts.flatMap((t) => parseCommands(t).flatMap((p) => [p, ...innerCommands(p)]));
}

/** The command and every command it hands on, for rules that read meaning. */
export function allCommands(text: string): ParsedCommand[] {
  return parseCommands(text).flatMap((c) => [c, ...innerCommands(c)]);
}
