// One fuzz case (reproducible from the suite seed and its number) and what `check` must do
// with it: exit 0 with what it understood, or exit 2 with one `file:line: message` line —
// never a crash, never another exit code, never a stack trace.

import { mutate, randomMarkdown } from './mutate';
import { random } from './prng';

export interface FuzzSource {
  name: string;
  text: string;
}

export interface FuzzCase {
  /** Where it came from, for the failure message: `mutated sprint-3-checklist.md` or `random`. */
  origin: string;
  bytes: Buffer;
  json: boolean;
}

export function fuzzCase(sources: FuzzSource[], seed: number, index: number): FuzzCase {
  const rng = random((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const json = rng.chance(0.5);
  if (sources.length > 0 && rng.chance(0.6)) {
    const source = rng.pick(sources);
    return { origin: `mutated ${source.name}`, bytes: mutate(rng, source.text), json };
  }
  return { origin: 'random', bytes: randomMarkdown(rng), json };
}

export interface CheckResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Errors about the file as a whole, which have no line to name. */
const FILE_LEVEL = /^(is a binary file|is not UTF-8 text|is over \d+ MiB)/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What is wrong with check's answer to this file, or null. */
export function judgeCheck(file: string, bytes: Buffer, json: boolean, result: CheckResult): string | null {
  const lineCount = bytes.toString('utf8').split(/\r\n|\n|\r/).length;
  if (result.code === 2) {
    if (result.stdout !== '') return 'exit 2 with output on stdout';
    const error = new RegExp(`^${escape(file)}(?::(\\d+))?: (\\S[^\\n]*)\\n$`).exec(result.stderr);
    if (!error) return `exit 2 without exactly one "file:line: message" line: ${JSON.stringify(result.stderr.slice(0, 400))}`;
    const [, line, message = ''] = error;
    if (line === undefined && !FILE_LEVEL.test(message)) return `an error without a line: ${message}`;
    if (line !== undefined && (Number(line) < 1 || Number(line) > lineCount + 1)) return `an error at line ${line} of a ${lineCount}-line file: ${message}`;
    return null;
  }
  if (result.code !== 0) return `exit ${result.code}: ${result.stderr.slice(0, 400)}`;
  if (result.stderr !== '') return `exit 0 with stderr: ${result.stderr.slice(0, 400)}`;
  if (result.stdout === '') return 'exit 0 with nothing on stdout';
  if (!json) return null;
  let parsed: { steps?: { id?: unknown; line?: unknown }[] };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    return 'check --json printed something that is not JSON';
  }
  if (!Array.isArray(parsed.steps) || parsed.steps.length === 0) return 'check --json exit 0 without steps';
  for (const step of parsed.steps) {
    if (typeof step.id !== 'string' || step.id === '') return `a step without an id: ${JSON.stringify(step).slice(0, 200)}`;
    if (!Number.isInteger(step.line) || (step.line as number) < 1 || (step.line as number) > lineCount) return `step ${step.id} at line ${String(step.line)} of a ${lineCount}-line file`;
  }
  const ids = parsed.steps.map((s) => s.id);
  if (new Set(ids).size !== ids.length) return 'two steps share an id';
  return null;
}
