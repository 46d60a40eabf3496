// argv → command. With launch.ts (the process entry: the Node check and the compile
// cache, before this loads), the only place that reads process.argv and process.env; each
// command is imported lazily so `--help` and `check` never load React, Ink or pg.

import { UsageError } from './errors';
import type { CommandContext } from './commands/context';
import { benchHooks } from './bench-hooks';
import { parseVerb, unknownVerb } from './commands/args';
import { topHelp, verbHelp, verbUsage } from './commands/usage';
import { visibleLine } from './run/terminal-text';
import { outputColumns } from './wrap';

// package.json's version, put in by the build (.ci/build.mjs); the source alone has none.
declare const __RUNBOOK_VERSION__: string | undefined;
const VERSION = typeof __RUNBOOK_VERSION__ === 'string' ? __RUNBOOK_VERSION__ : 'unbuilt';

/**
 * A reader that went away (`runbook list | head -1`) ends the output quietly, as a closed
 * pipe ends any Unix tool: the verb finishes with its own exit code, no stack trace. A
 * driver (run, resume) listens too: its step finishes and the run pauses.
 */
function quietWhenReaderGoes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || stream.listenerCount('error') > 1) return;
      throw error;
    });
  }
}

async function main(argv: string[]): Promise<number> {
  quietWhenReaderGoes();
  const [command, ...rest] = argv;
  const bench = benchHooks(process.env.RUNBOOK_BENCH_LOG);
  const ctx: CommandContext = {
    env: process.env,
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    // Read when a verb asks: making process.stdin builds its stream (a tty or fs stream, and
    // the modules behind it), which --help and check never need (~3–8 ms of CPU).
    get stdin() {
      return process.stdin;
    },
    get isTTY() {
      return Boolean(process.stdin.isTTY && process.stdout.isTTY);
    },
    columns: () => outputColumns(process.stdout, process.env.COLUMNS),
    ...(bench ? { bench } : {}),
  };
  if (command === undefined || command === '--help' || command === '-h') {
    ctx.stdout(topHelp());
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    ctx.stdout(`${VERSION}\n`);
    return 0;
  }
  if (command === 'help') {
    // `runbook help VERB`; anything after the verb is ignored, as `--help` ignores the rest.
    const topic = rest[0];
    if (topic === undefined || topic.startsWith('-') || topic === 'help') {
      ctx.stdout(topHelp());
      return 0;
    }
    const usage = verbUsage(topic);
    if (!usage) throw unknownVerb(topic);
    ctx.stdout(verbHelp(usage));
    return 0;
  }
  const usage = verbUsage(command);
  if (!usage) throw unknownVerb(command);
  const parsed = parseVerb(usage, rest);
  if (parsed.help) {
    ctx.stdout(verbHelp(usage));
    return 0;
  }
  const { values: v, positionals } = parsed;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const flag = (k: string) => v[k] === true;
  switch (usage.verb) {
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
        store: str('store'),
      });
    }
    case 'resume': {
      const { resumeCommand } = await import('./commands/resume');
      return resumeCommand(ctx, { journal: positionals[0], operator: str('operator'), plain: flag('plain'), store: str('store'), takeOver: flag('take-over') });
    }
    case 'demo': {
      const { demoCommand } = await import('./commands/demo');
      return demoCommand(ctx, { plain: flag('plain'), operator: str('operator') });
    }
    case 'watch': {
      const { watchCommand } = await import('./commands/watch');
      return watchCommand(ctx, { journal: positionals[0] ?? '', store: str('store') });
    }
    case 'list': {
      const { listCommand, listFormat } = await import('./commands/list');
      return listCommand(ctx, { json: flag('json'), due: flag('due'), format: listFormat(str('format')), store: str('store') });
    }
    case 'show': {
      const { showCommand } = await import('./commands/show');
      return showCommand(ctx, { journal: positionals[0] ?? '', json: flag('json'), store: str('store') });
    }
    case 'report': {
      const { reportCommand, reportFormat } = await import('./commands/report');
      return reportCommand(ctx, { journal: positionals[0] ?? '', format: reportFormat(str('format')), output: str('output'), store: str('store') });
    }
    case 'verify': {
      const { verifyCommand } = await import('./commands/verify');
      return verifyCommand(ctx, { journal: positionals[0] ?? '', allowedSigners: str('allowed-signers'), against: str('against'), outcome: flag('outcome'), store: str('store') });
    }
    case 'store': {
      const { storeCommand } = await import('./commands/store');
      return storeCommand(ctx, { action: positionals[0] ?? '', journals: positionals.slice(1), store: str('store'), writer: str('writer'), reader: str('reader') });
    }
    default: {
      const never: never = usage.verb;
      throw unknownVerb(String(never));
    }
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
  async (error: unknown) => {
    // A message can quote the runbook (a bad annotation value): shown, never obeyed. It can
    // quote what was typed, too: a store URL with its password given where a run id or a
    // journal goes is not echoed into the scrollback or a CI log. (The shapes are loaded
    // here only: every start would otherwise read them.)
    if (isUserError(error)) {
      const verb = error instanceof UsageError && error.verb ? ` ${error.verb}` : '';
      const { redactSecretShapes } = await import('./runbook/redact-shapes');
      process.stderr.write(`runbook${verb}: ${visibleLine(redactSecretShapes(error.message))}\n`);
      process.exitCode = error.exitCode;
    } else {
      // A bug, not a user mistake: say so in one line; the trace only on request.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`runbook: internal error: ${visibleLine(message)}\n`);
      if (process.env.RUNBOOK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 70;
    }
  },
);
