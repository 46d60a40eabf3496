// `runbook check` through the real built CLI, on a fixture file: what an operator would see.

import { fileURLToPath } from 'node:url';
import { cliEnv, runCli, tempDir } from './cli';

/** A fixture under test/fixtures/. */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
}

export interface FenceJson {
  line: number;
  lang: string | null;
  became: 'step' | 'display' | 'reference' | 'output' | 'config';
  reason: string;
}

export interface StepJson {
  id: string;
  kind: string;
  title: string;
  line: number;
  phase: string | null;
  plan: string | null;
  section: string;
  command?: string;
  sql?: string;
  destructive: boolean;
  condition?: string;
  interactive?: string;
  expectation: { text: string; auto: boolean; line: number } | null;
  annotations: Record<string, unknown>;
}

export interface CheckJson {
  title: string;
  phases: { id: string; title: string; line: number }[];
  plans: { id: string; title: string; line: number }[];
  steps: StepJson[];
  decisions: { id: string; step: string | null; line: number; question: string; answers: { label: string; line: number; leadsTo: { kind: string; id: string | null; title: string } }[] }[];
  displayOnly: { line: number; lang: string | null; label: string | null }[];
  reference: { title: string; line: number }[];
  warnings: { line: number; message: string }[];
  fences: FenceJson[];
  spans: { line: number; text: string; became: string; reason: string }[];
  ignoredFrontMatter: { key: string; line: number }[];
}

/** Each call gets its own runbook home: no parse cache from an earlier call is used. */
export async function check(file: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const result = await runCli(['check', file, ...args], { env: cliEnv(tempDir('runbook-dialect-')) });
  return { ...result, ms: performance.now() - started };
}

export async function checkJson(file: string): Promise<CheckJson> {
  const { code, stdout, stderr } = await check(file, ['--json']);
  if (code !== 0) throw new Error(`check ${file} exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as CheckJson;
}
