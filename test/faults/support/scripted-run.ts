// A `--plain` run driven step by step from a test: wait for the next prompt (never a fixed
// sleep), do something to the world (stop a server, take a lock), answer.

import type { ChildProcess } from 'node:child_process';
import { startCli } from '../../helpers/cli';

const PROMPT_END = /> $/;

export class ScriptedRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private stdout = '';
  /** When the last stdout bytes arrived (performance.now()), to time a prompt to the ms. */
  lastOutputAt = 0;
  /** When the last answer was written. */
  answeredAt = 0;
  private stderr = '';
  /** Where the next prompt is looked for: after the last answer. */
  private since = 0;

  /** `command`: another `runbook` to start (e.g. the CLI under another hostname, hosts.ts). */
  constructor(args: string[], options: { env: Record<string, string>; cwd?: string; command?: string }) {
    this.child = startCli(args, options);
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
      this.lastOutputAt = performance.now();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  get out(): string {
    return this.stdout;
  }

  get err(): string {
    return this.stderr;
  }

  /** Waits for the next prompt and returns what was printed since the last answer. */
  async prompt(timeoutMs = 60_000): Promise<string> {
    return this.until(() => (PROMPT_END.test(this.stdout) && this.stdout.length > this.since ? this.stdout.slice(this.since) : null), 'a prompt', timeoutMs);
  }

  /** Waits until the transcript (since the last answer) holds `text`. */
  async sees(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    return this.until(() => {
      const block = this.stdout.slice(this.since);
      return (typeof text === 'string' ? block.includes(text) : text.test(block)) ? block : null;
    }, `"${String(text)}"`, timeoutMs);
  }

  /** Runs the next shell step (its prompt answered `y`) and waits for it to pass. */
  async passStep(): Promise<void> {
    await this.prompt();
    this.answer('y');
    await this.sees(/^✔ passed/m);
  }

  answer(line: string): void {
    this.since = this.stdout.length;
    this.answeredAt = performance.now();
    this.child.stdin?.write(`${line}\n`);
  }

  /** Ends the input (the runner stops, resumable) and waits for the exit code. */
  async end(): Promise<number | null> {
    this.child.stdin?.end();
    return this.exited;
  }

  private async until(found: () => string | null, what: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let done = false;
    void this.exited.then(() => (done = true));
    for (;;) {
      const value = found();
      if (value !== null) return value;
      if (done || Date.now() > deadline) {
        throw new Error(`${done ? 'the run ended' : 'timed out'} waiting for ${what}; last output:\n${this.stdout.slice(-2500)}\nstderr: ${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
