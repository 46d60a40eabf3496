// The real checklists: each seed rehearsed end to end (nothing runs), then reported.
// Their titles, tables, decision trees and sign-off lists are what teams really write.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choose, startTree } from '../../source/run/decision-tree';
import type { Report } from '../../source/report/model';
import { SEED_FILES, SEEDS_DIR } from '../runbook/dialect-seeds';
import { markdownlint, report } from './helpers';
import { startRun } from '../helpers/run-fixture';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-report-seeds-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Walks the whole seed in rehearsal (a copy in dir): every answer the first or the plain "yes". */
async function rehearse(seed: string): Promise<string> {
  const operator = 'Rehearsal Operator';
  const { ctl, runbook, journal } = startRun(readFileSync(join(SEEDS_DIR, seed), 'utf8'), { dir, file: seed, journal: `${seed}.runbook.sqlite`, operator, env: process.env, rehearse: true });
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
          await ctl.signOff(step.id, operator);
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
    ctl.leave('rehearsal walked');
  } finally {
    await ctl.close();
  }
  return journal;
}

describe('the report of a rehearsal of each seed checklist', () => {
  for (const seed of SEED_FILES) {
    it(`${seed}: lists every walk step and passes markdownlint`, async () => {
      const journal = await rehearse(seed);
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
