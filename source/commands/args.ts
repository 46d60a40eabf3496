// A verb's arguments read by its row of usage.ts, with node:util parseArgs underneath: a
// mistake is refused in one line that names the verb's options and, when one is close,
// the option (or verb) that was probably meant.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors';
import { HELP_OPTION, VERBS, optionText, type OptionUsage, type VerbUsage } from './usage';
import { editDistance } from '../runbook/near-miss';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type ParsedVerb = { help: true } | { help: false; values: OptionValues; positionals: string[] };

type Options = NonNullable<ParseArgsConfig['options']>;

function parseOptions(usage: VerbUsage): Options {
  const options: Options = { help: { type: 'boolean', short: 'h' } };
  for (const o of usage.options) options[o.name] = o.value ? { type: 'string', ...(o.multiple ? { multiple: true } : {}) } : { type: 'boolean' };
  return options;
}

/**
 * `argv` after the verb. `--help` (or `-h`) anywhere asks for the verb's help, whatever
 * else is wrong; `--` ends the options, so a file named `--odd.md` can follow it.
 */
export function parseVerb(usage: VerbUsage, argv: string[]): ParsedVerb {
  const { values, positionals, tokens } = parseArgs({ args: bareOptional(usage, argv), options: parseOptions(usage), allowPositionals: true, strict: false, tokens: true });
  const options = tokens.filter((t) => t.kind === 'option');
  if (options.some((t) => t.name === 'help')) return { help: true };
  const fail = (message: string) => new UsageError(message, usage.verb);
  const given = new Map<string, string | undefined>();
  for (const token of options) {
    const option = usage.options.find((o) => o.name === token.name);
    if (!option) throw fail(unknownOption(usage, token.rawName));
    if (!option.value && token.value !== undefined) throw fail(`${token.rawName} takes no value`);
    if (option.value && token.value === undefined) throw fail(`${token.rawName} needs a value: ${optionText(option)}`);
    // `--operator --plain`: a forgotten value, not an operator called "--plain".
    if (option.value && !token.inlineValue && token.value?.startsWith('-')) {
      throw fail(`${token.rawName} needs a value: ${optionText(option)} (one that starts with - is written ${token.rawName}=${token.value})`);
    }
    // `--journal a.sqlite … --journal b.sqlite`: which was meant is a guess (the last would
    // win silently). The values are not echoed: one may be a URL or a name better unprinted.
    if (option.value && !option.multiple) {
      if (given.has(option.name) && given.get(option.name) !== token.value) throw fail(`--${option.name} is given twice, with different values; give it once: ${optionText(option)}`);
      given.set(option.name, token.value);
    }
  }
  const { min, max } = usage.positionals;
  if (positionals.length < min) throw fail(`missing ${usage.args} (see runbook help ${usage.verb})`);
  // The word is echoed; a credential typed in the wrong place (`password=…`) is not: cli.tsx
  // redacts every user error before it prints it.
  if (positionals.length > max) throw fail(`unexpected argument "${positionals[max] ?? ''}" (see runbook help ${usage.verb})`);
  return { help: false, values: values as OptionValues, positionals };
}

/**
 * An option whose value may be left out (`--store`, the store configured elsewhere) is
 * given as `--store=` when the word after it is not its value: that word is the next
 * argument (`runbook show --store 3f9c2a`). It is the option's value when it reads as one
 * (a postgres:// URL, env:VAR, a libpq `key=value` string, which the option then refuses
 * by name), or when the verb has no room left for another argument (`runbook list --store
 * garbage`): the operator meant it for the option, and hears what the option wants.
 */
function bareOptional(usage: VerbUsage, argv: string[]): string[] {
  const out: string[] = [];
  let positionals = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return [...out, ...argv.slice(i)];
    out.push(arg);
    if (!arg.startsWith('-') || arg === '-') {
      positionals++;
      continue;
    }
    const option = arg.startsWith('--') ? usage.options.find((o) => `--${o.name}` === arg) : undefined;
    if (option === undefined || !option.value) continue;
    const next = argv[i + 1];
    if (!option.optional) {
      // `--journal PATH`: its value is no argument of the verb.
      if (next !== undefined) out.push(next);
      i++;
      continue;
    }
    const itsValue = next !== undefined && !next.startsWith('-') && (option.optional.test(next) || CONNECTION_KEYWORDS.test(next) || positionals >= usage.positionals.max);
    if (itsValue) {
      out.push(next);
      i++;
    } else out[out.length - 1] = `${arg}=`;
  }
  return out;
}

/** A libpq connection string of `keyword=value` words (`host=db password=…`): meant as a connection, never as a run or a file. */
const CONNECTION_KEYWORDS = /^\s*(?:host|hostaddr|port|dbname|user|password|sslmode|service|passfile|application_name|connect_timeout)\s*=/i;

/** One line: what was not understood, what was probably meant, and what there is. */
function unknownOption(usage: VerbUsage, raw: string): string {
  const own = [...usage.options, HELP_OPTION];
  const list = `Options: ${own.map(optionText).join(', ')}`;
  const name = raw.replace(/^-+/, '').split('=')[0] ?? '';
  const meant = raw.startsWith('--') ? nearest(name, own.map((o) => o.name)) : undefined;
  if (meant !== undefined) return `unknown option ${raw}; did you mean --${meant}? ${list}`;
  const elsewhere = VERBS.filter((v) => v.options.some((o: OptionUsage) => o.name === name)).map((v) => v.verb);
  if (elsewhere.length > 0) return `${raw} is not an option of ${usage.verb} (it is one of ${elsewhere.join(', ')}). ${list}`;
  // `--weird.md` was probably a file: say how to name one.
  const dash = usage.positionals.max > 0 && /[./]/.test(raw) ? `; a ${usage.args.replace(/[[\]]/g, '')} whose name starts with - goes after --` : '';
  return `unknown option ${raw}. ${list}${dash}`;
}

/** `runbook chek`: the verb probably meant, in the same one line. */
export function unknownVerb(word: string): UsageError {
  const verbs = VERBS.map((v) => v.verb);
  if (word.startsWith('-')) {
    // `--verison`: one of the two options runbook takes before a verb, mistyped.
    const own = word.startsWith('--') ? nearest(word.slice(2).split('=')[0] ?? '', ['help', 'version']) : undefined;
    if (own !== undefined) return new UsageError(`unknown option ${word}; did you mean --${own}? (a verb's options go after it: runbook help VERB)`);
    return new UsageError(`unknown option ${word}; options go after the verb (runbook help VERB lists them)`);
  }
  // `help` is a word runbook takes where a verb goes, though no verb.
  const meant = nearest(word, [...verbs, 'help']);
  return new UsageError(`unknown command "${word}"${meant ? `; did you mean ${meant}?` : ''} Verbs: ${verbs.join(', ')} (runbook --help)`);
}

/**
 * The candidate closest to `word`: within a third of its length in edits (a typo, a
 * swapped pair), or one it is the start of. Undefined when none is close.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w === '') return undefined;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = w.length >= 3 && c.startsWith(w) ? 0.5 : editDistance(w, c);
    if (distance <= Math.max(1, Math.floor(w.length / 3)) && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
