// The real checklists: each seed rehearsed end to end (nothing runs), then reported.
// Their titles, tables, decision trees and sign-off lists are what teams really write.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunController } from '../../source/controller/controller';
import { RunSession } from '../../source/controller/session';
import { loadRunbook } from '../../source/commands/load';
import { summaries } from '../../source/commands/run';
import { createShellExecutor } from '../../source/executors/shell';
import { createRedactor, createStreamRedactor } from '../../source/executors/redact';
import { readIdentity } from '../../source/journal/identity';
import { choose, startTree } from '../../source/run/decision-tree';
import type { Report } from '../../source/report/model';
import { SEED_FILES, SEEDS_DIR } from '../runbook/dialect-seeds';
import { markdownlint, report } from './helpers';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-report-seeds-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Walks the whole runbook in rehearsal: every answer the first or the plain "yes". */
async function rehearse(file: string): Promise<string> {
  const { runbook, source } = loadRunbook(file);
  const identity = readIdentity('Rehearsal Operator', process.env);
  const journal = `${file}.runbook.sqlite`;
  const session = RunSession.create(
    journal,
    identity,
    { runbook: { file, sha256: runbook.sha256, title: runbook.title }, source, steps: summaries(runbook), phases: runbook.phases, operator: identity.operator, identity, rehearse: true, targets: [], cwd: dir },
    createStreamRedactor(createRedactor([])),
  );
  const ctl = new RunController(
    session,
    { runbook, targets: [], base: { process: process.env, runbook: {} }, shellName: 'bash', secrets: {}, addSecret: () => undefined },
    { shell: createShellExecutor(), openTarget: () => Promise.reject(new Error('a rehearsal opens no target')), signer: null, now: () => new Date() },
  );
  try {
    for (let i = 0; i < 2000; i++) {
      const at = ctl.position();
      if (at.kind !== 'step') break;
      const step = ctl.step(at.step);
      if (!step) throw new Error(`position names unknown step ${at.step}`);
      switch (step.kind) {
        case 'shell':
        case 'sql':
          await ctl.run(step.id);
          break;
        case 'manual':
          ctl.mark(step.id, 'passed');
          break;
        case 'input':
          if (ctl.giveInput(step.id, step.input?.default ?? 'rehearsal') !== null) ctl.skip(step.id, 'value does not fit its pattern');
          break;
        case 'signoff':
          await ctl.signOff(step.id, identity.operator);
          break;
        case 'decision': {
          let cursor = startTree(step.decision ?? step.id);
          for (;;) {
            const next = choose(runbook, cursor, 0);
            if (next === null) {
              ctl.skip(step.id, 'the tree has no answer to follow');
              break;
            }
            if ('path' in next) {
              ctl.decide(next.path, 'rehearsal: first answer', step.id);
              break;
            }
            cursor = next.cursor;
          }
          break;
        }
        default: {
          const never: never = step.kind;
          throw new Error(`unknown step kind ${String(never)}`);
        }
      }
    }
    ctl.finish('completed');
  } finally {
    await ctl.close();
  }
  return journal;
}

describe('the report of a rehearsal of each seed checklist', () => {
  for (const seed of SEED_FILES) {
    it(`${seed}: lists every walk step and passes markdownlint`, async () => {
      const file = join(dir, seed);
      copyFileSync(join(SEEDS_DIR, seed), file);
      const journal = await rehearse(file);
      const md = await report(journal, 'md', dir);
      const json = JSON.parse(await report(journal, 'json', dir)) as Report;
      expect(md).toContain('> **REHEARSAL**: nothing was run');
      const walk = json.phases.flatMap((p) => p.steps);
      expect(walk.length).toBeGreaterThan(0);
      for (const step of walk) expect(md).toMatch(new RegExp(`^#+ ${step.number}\\. `, 'm'));
      const out = join(dir, `${seed}.report.md`);
      writeFileSync(out, md);
      const lint = await markdownlint(out);
      expect(lint.output).toContain('Summary: 0 error(s)');
      expect(lint.exitCode).toBe(0);
    });
  }
});
