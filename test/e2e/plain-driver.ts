// Drives the real CLI in --plain as an operator at a terminal would: it reads what the
// runner prints, and when a prompt waits it answers it (the test decides how, from the
// prompt and the step shown above it). No fixed sleeps: the next answer goes when the
// next prompt is on screen.

import { startCli } from '../helpers/cli';

export interface Prompt {
  /** The prompt line itself ("Run: [y] run · s skip · e edit · q stop >"). */
  prompt: string;
  /** What the runner printed since the previous answer: the step, its output, the prompt. */
  block: string;
  /** The last step header shown ("── 1.1 Environment Verification · step 3/64 · shell"). */
  header: string;
  /** The last decision question shown ("Is the system functional?"), if any. */
  question: string | null;
}

export interface Answered {
  prompt: Prompt;
  answer: string;
}

export interface PlainRun {
  code: number | null;
  stdout: string;
  stderr: string;
  answered: Answered[];
}

// Every prompt the plain runner (and the operator question before it) writes ends so.
const PROMPT_END = /(?:>|\(asked once, remembered\):) $/;

function lastLine(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1);
}

/**
 * Runs `runbook ARGS` and answers each prompt with `answer(prompt)`; `null` ends the
 * input (the runner stops, resumable). Fails with the transcript's tail on a timeout.
 */
export function drivePlain(
  args: string[],
  options: {
    env: Record<string, string>;
    cwd?: string;
    /** An installed `runbook` instead of this checkout's dist/cli.js. */
    command?: string;
    timeoutMs?: number;
    answer: (p: Prompt) => string | null;
    /**
     * While a step runs, with the step as shown so far (its header, command and output):
     * true sends Ctrl-C (SIGINT), as an operator stops a `follow` step. Once per step.
     */
    interrupt?: (step: string) => boolean;
  },
): Promise<PlainRun> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, { env: options.env, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.command ? { command: options.command } : {}) });
    let stdout = '';
    let stderr = '';
    let since = 0;
    let header = '';
    let question: string | null = null;
    let stepAt = 0;
    let interruptedAt = -1;
    const answered: Answered[] = [];
    const fail = (error: unknown) => {
      child.kill('SIGKILL');
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const timer = setTimeout(() => fail(new Error(`runbook ${args.join(' ')} timed out; last output:\n${stdout.slice(-3000)}\nstderr: ${stderr}`)), options.timeoutMs ?? 120_000);

    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const block = stdout.slice(since);
      let offset = since;
      for (const line of block.split('\n')) {
        if (line.startsWith('── ')) {
          header = line;
          stepAt = offset;
        }
        if (line.startsWith('? ')) question = line.slice(2);
        offset += line.length + 1;
      }
      const line = lastLine(block);
      if (!PROMPT_END.test(line)) {
        if (interruptedAt !== stepAt && options.interrupt?.(stdout.slice(stepAt))) {
          interruptedAt = stepAt;
          child.kill('SIGINT');
        }
        return;
      }
      const prompt: Prompt = { prompt: line.trim(), block, header, question };
      let answer: string | null;
      try {
        answer = options.answer(prompt);
      } catch (error) {
        fail(error);
        return;
      }
      since = stdout.length;
      if (answer === null) {
        child.stdin?.end();
        return;
      }
      answered.push({ prompt, answer });
      child.stdin?.write(`${answer}\n`);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, answered });
    });
  });
}

/** The word a typed confirmation asks for: `Type "downgrade" to run it >`. */
export function typedWord(prompt: Prompt): string | null {
  return /Type "([^"]+)" to run it/.exec(prompt.prompt)?.[1] ?? null;
}

/** Answers every runbook prompt the way a careful operator with nothing to add would. */
export function routineAnswer(p: Prompt): string | null {
  const word = typedWord(p);
  if (word !== null) return word;
  if (p.prompt.startsWith('Step failed')) throw new Error(`a step failed unexpectedly:\n${p.block.slice(-2500)}`);
  return 'y';
}

/** `runbook demo --plain` as a new user answers it: a name, a release tag that is not one (then the default), and the rollback path. */
export function demoNewUser(): (p: Prompt) => string | null {
  let releaseAsked = 0;
  return (p) => {
    if (p.prompt.startsWith('Your name')) return 'Dee Mo';
    if (p.prompt.startsWith('Release to deploy')) return releaseAsked++ === 0 ? 'latest' : '';
    if (p.prompt.startsWith('Change ticket')) return 'CHG-1042';
    if (p.prompt.startsWith('Step failed') && p.header.includes("THE DEMO'S DELIBERATE FAILURE")) return 'y';
    if (p.prompt.startsWith('Answer:') && p.question === 'Is the release healthy?') return 'NO';
    if (p.prompt.startsWith('Answer:') && p.question === 'What is broken?') return 'Health check or API';
    return routineAnswer(p);
  };
}
