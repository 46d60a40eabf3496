#!/usr/bin/env node
// argv → command. The only place that reads process.argv and process.env; each command
// is imported lazily so `--help` and `check` never load React, Ink or pg.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import type { CommandContext } from './commands/context';
import { enableBenchHooks } from './bench-hooks';

const VERSION = '0.1.0';

const HELP = `runbook — a guided, recorded run of your Markdown deployment checklist

Usage:
  runbook check FILE [--json] [--preflight]
  runbook run FILE [--journal PATH] [--target NAME=URL]... [--operator NAME] [--rehearse] [--plain]
  runbook resume [JOURNAL] [--operator NAME] [--plain]
  runbook watch JOURNAL
  runbook list [--json] [--due]
  runbook show JOURNAL [--json]
  runbook report JOURNAL [--format md|json] [--output FILE]
  runbook verify JOURNAL [--allowed-signers FILE] [--against REPORT.json]
  runbook demo [--plain]
  runbook --help | --version

Exit codes: 0 success · 1 a check, expectation, comparison or verification failed · 2 bad input
`;

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMANDS: Record<string, { options: Options; positionals: [number, number] }> = {
  check: { options: { json: { type: 'boolean' }, preflight: { type: 'boolean' } }, positionals: [1, 1] },
  run: {
    options: {
      journal: { type: 'string' },
      target: { type: 'string', multiple: true },
      operator: { type: 'string' },
      rehearse: { type: 'boolean' },
      plain: { type: 'boolean' },
    },
    positionals: [1, 1],
  },
  resume: { options: { operator: { type: 'string' }, plain: { type: 'boolean' } }, positionals: [0, 1] },
  watch: { options: {}, positionals: [1, 1] },
  demo: { options: { plain: { type: 'boolean' } }, positionals: [0, 0] },
  list: { options: { json: { type: 'boolean' }, due: { type: 'boolean' } }, positionals: [0, 0] },
  show: { options: { json: { type: 'boolean' } }, positionals: [1, 1] },
  report: { options: { format: { type: 'string' }, output: { type: 'string' } }, positionals: [1, 1] },
  verify: { options: { 'allowed-signers': { type: 'string' }, against: { type: 'string' } }, positionals: [1, 1] },
};

function parse(command: string, argv: string[]) {
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command "${command}" (see runbook --help)`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const [min, max] = spec.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`${command}: missing ${['verify', 'show', 'report', 'watch'].includes(command) ? 'JOURNAL' : 'FILE'} (see runbook --help)`);
  if (parsed.positionals.length > max) throw new UsageError(`${command}: unexpected argument "${parsed.positionals[max]}"`);
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  enableBenchHooks(process.env.RUNBOOK_BENCH_LOG);
  const ctx: CommandContext = {
    env: process.env,
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: process.stdin,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    ctx.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    ctx.stdout(`${VERSION}\n`);
    return 0;
  }
  const { values, positionals } = parse(command, rest);
  const v = values as Record<string, string | boolean | string[] | undefined>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const flag = (k: string) => v[k] === true;
  switch (command) {
    case 'check': {
      const { checkCommand } = await import('./commands/check');
      const file = positionals[0] ?? '';
      const probe = flag('preflight') ? await preflightProbe(file, ctx.env) : undefined;
      return checkCommand({ file, json: flag('json'), preflight: flag('preflight') }, { stdout: ctx.stdout, stderr: ctx.stderr }, { env: ctx.env, ...(probe ? { checkTarget: probe } : {}) });
    }
    case 'run': {
      const { runCommand } = await import('./commands/run');
      return runCommand(ctx, {
        file: positionals[0] ?? '',
        journal: str('journal'),
        targets: (v.target as string[] | undefined) ?? [],
        operator: str('operator'),
        rehearse: flag('rehearse'),
        plain: flag('plain'),
      });
    }
    case 'resume': {
      const { resumeCommand } = await import('./commands/resume');
      return resumeCommand(ctx, { journal: positionals[0], operator: str('operator'), plain: flag('plain') });
    }
    case 'demo': {
      const { demoCommand } = await import('./commands/demo');
      return demoCommand(ctx, { plain: flag('plain') });
    }
    case 'watch': {
      const { watchCommand } = await import('./commands/watch');
      return watchCommand(ctx, { journal: positionals[0] ?? '' });
    }
    case 'list': {
      const { listCommand } = await import('./commands/list');
      return listCommand(ctx, { json: flag('json'), due: flag('due') });
    }
    case 'show': {
      const { showCommand } = await import('./commands/show');
      return showCommand(ctx, { journal: positionals[0] ?? '', json: flag('json') });
    }
    case 'report': {
      const { reportCommand, reportFormat } = await import('./commands/report');
      return reportCommand(ctx, { journal: positionals[0] ?? '', format: reportFormat(str('format')), output: str('output') });
    }
    case 'verify': {
      const { verifyCommand } = await import('./commands/verify');
      return verifyCommand(ctx, { journal: positionals[0] ?? '', allowedSigners: str('allowed-signers'), against: str('against') });
    }
    default:
      throw new UsageError(`unknown command "${command}" (see runbook --help)`);
  }
}

async function preflightProbe(file: string, env: Record<string, string | undefined>) {
  const [{ targetProbe }, { openConfig }] = await Promise.all([import('./commands/targets'), import('./config')]);
  return targetProbe(file, env, openConfig(env).get('profiles'));
}

function isUserError(error: unknown): error is Error & { exitCode: number } {
  return error instanceof Error && typeof (error as { exitCode?: unknown }).exitCode === 'number';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isUserError(error)) {
      process.stderr.write(`runbook: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      // A bug, not a user mistake: say so in one line; the trace only on request.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`runbook: internal error: ${message}\n`);
      if (process.env.RUNBOOK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 70;
    }
  },
);
