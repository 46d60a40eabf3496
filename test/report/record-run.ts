// Records a real run for the report tests: the fixture runbook opened through the
// controller's front door (test/helpers/run-fixture.ts) and driven through its handle, with
// the real shell executor, a real SQLite target and (optionally) a real SSH key signing the
// sign-offs.

import { execa } from 'execa';
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Signer } from '../../source/controller';
import { findSigningKey, signText } from '../../source/executors/ssh-sign';
import { choose, startTree } from '../../source/run/decision-tree';
import { appendEvent, resumeRun, startRun as startTestRun, type TestRun } from '../helpers/run-fixture';

export const SECRET = 'hunter2-very-secret';

type StepName =
  | 'password' | 'lead' | 'sha' | 'notes' | 'inventory' | 'connect' | 'disk' | 'baseline' | 'smoke' | 'cache'
  | 'insert' | 'compare' | 'decision' | 'rollback' | 'monitor' | 'signLead' | 'signReviewer';

export interface RecordedRun {
  journal: string;
  runbookFile: string;
  /** Step ids by a short name, for the assertions. */
  ids: Record<StepName, string>;
}

/** A signer with a fresh ed25519 key in a private home, as `run` would find in ~/.ssh. */
export async function sshSigner(dir: string): Promise<Signer> {
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ana@bastion', '-f', join(home, '.ssh', 'id_ed25519')], { stdin: 'ignore' });
  const key = await findSigningKey({ home, env: process.env });
  if (!key) throw new Error('no signing key found in the test home');
  return {
    description: 'test key',
    sign: async (text) => ({ keyFingerprint: key.fingerprint, publicKey: key.publicKey, signature: await signText(key, text) }),
  };
}

function seedDatabase(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL NOT NULL);
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    INSERT INTO orders (id, total) VALUES (1, 10), (2, 20), (3, 30);
    INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Grace');
  `);
  db.close();
}

/** How far to drive the fixture: stop in phase 1, or walk it all (leaving the +1h check ahead). */
export type Extent = 'phase-1' | 'all';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/** Starts a run of a fixture runbook as `runbook run` does, from a copy in `dir`. */
function startRun(dir: string, name: string, signer: Signer | null): TestRun {
  const env = { ...process.env, USER: 'ana', SSH_CLIENT: '10.0.0.9 52144 22', TMUX: '/tmp/tmux-1000/default,4242,3', TMUX_PANE: '%7' };
  return startTestRun(readFileSync(fixture(name), 'utf8'), { dir, file: name, journal: `${name}.runbook.sqlite`, operator: 'Ana Lima', env, signer });
}

/** `runbook resume JOURNAL --operator NAME` from another place: a new session, a handover. */
function resumeAs(run: TestRun, operator: string, signer: Signer | null): TestRun {
  const env = { ...process.env, USER: 'ben', SSH_CLIENT: '10.0.0.23 40022 22', TMUX: undefined, STY: '4711.deploy' };
  return resumeRun(run, { operator, env, signer });
}

export async function recordRun(dir: string, options: { extent: Extent; signer: Signer | null }): Promise<RecordedRun> {
  seedDatabase(join(dir, 'shop.db'));
  const started = startRun(dir, 'deploy.md', options.signer);
  const { runbook, journal } = started;
  const runbookFile = join(dir, 'deploy.md');
  let ctl = started.ctl;
  const id = (title: string) => {
    const step = runbook.steps.find((s) => s.title.includes(title));
    if (!step) throw new Error(`fixture has no step "${title}"`);
    return step.id;
  };
  const ids: Record<StepName, string> = {
    password: id('Database password'),
    lead: id('Deploy Lead'),
    sha: id('Commit SHA'),
    notes: id('release notes'),
    inventory: id('seq 1 40'),
    connect: id('connecting with password'),
    disk: id('disk almost full'),
    baseline: id('1.2 Baseline'),
    smoke: id('Staging smoke'),
    cache: id('Cache warmed'),
    insert: runbook.steps.filter((s) => s.phase === 'phase-2-deploy')[0]?.id ?? '',
    compare: runbook.steps.filter((s) => s.phase === 'phase-2-deploy')[1]?.id ?? '',
    decision: id('Is the system functional'),
    rollback: id('Rollback Plan A'),
    monitor: id('error rate'),
    signLead: runbook.steps.find((s) => s.kind === 'signoff' && s.role === 'Deploy Lead')?.id ?? '',
    signReviewer: id('Reviewer'),
  };
  try {
    ctl.giveInput(ids.password, SECRET);
    ctl.giveInput(ids.lead, 'Ana Lima');
    ctl.giveInput(ids.sha, 'abc1234');
    await ctl.run(ids.notes);
    await ctl.run(ids.inventory);
    await ctl.run(ids.connect);
    await ctl.run(ids.disk);
    ctl.note(ids.disk, 'disk | 91% full, `df -h` agrees; cleared /var/tmp and went on');
    await ctl.run(ids.baseline);
    if (options.extent === 'phase-1') {
      ctl.leave('stopped by operator');
      await ctl.close();
      // What a crash mid-step leaves behind: the step's start, and no outcome.
      appendEvent(journal, 'step.started', { step: ids.insert, attempt: 1 });
      return { journal, runbookFile, ids };
    }
    // Ana hands over: Ben resumes the run from his own terminal.
    ctl.leave('handing over to Ben');
    await ctl.close();
    ctl = resumeAs(started, 'Ben Okafor', options.signer).ctl;
    ctl.mark(ids.smoke, 'passed', 'staging green at 10:02 — see https://ci.example.com/run/42');
    ctl.skip(ids.cache, 'cache is cold-started by the deploy itself');
    await ctl.run(ids.insert);
    await ctl.run(ids.compare);
    const answered = choose(runbook, startTree(ids.decision), 1);
    if (!answered || !('path' in answered)) throw new Error('the fixture decision tree did not reach a leaf');
    ctl.decide(answered.path, 'orders count changed unexpectedly', ids.decision);
    await ctl.run(ids.rollback);
    // Leaves the finished plan and schedules the +1h check, as the runner does on its way.
    const at = ctl.position();
    if (at.kind !== 'step' || at.step !== ids.signLead) throw new Error(`expected the sign-offs next, got ${JSON.stringify(at)}`);
    await ctl.signOff(ids.signLead, 'Ana Lima');
    await ctl.signOff(ids.signReviewer, 'Ben Okafor');
    ctl.leave('monitoring');
    return { journal, runbookFile, ids };
  } finally {
    await ctl.close();
  }
}

/** Text that breaks naive Markdown: pipes, backticks, HTML, emphasis, links, autolinks. */
export const HOSTILE = {
  note: 'a | b `c` <b>x</b> **bold** _it_ [link](http://x.io) # not a heading\tend',
  skip: '*not needed*: see <https://example.com/a|b> or ops@example.com',
  failNote: '1. looks like a list | and ``` a fence',
  ticket: 'INC-1 | <b>x</b> `code`',
  abort: 'rolled back: `db` | *not* ok',
};

/** The hostile fixture: every kind of awkward text in titles, notes, output and inputs; aborted. */
export async function recordHostileRun(dir: string): Promise<{ journal: string }> {
  const { ctl, runbook, journal } = startRun(dir, 'hostile.md', null);
  const steps = runbook.steps;
  const at = (i: number) => steps[i]?.id ?? '';
  try {
    ctl.mark(at(0), 'passed', HOSTILE.note);
    ctl.skip(at(1), HOSTILE.skip);
    await ctl.run(at(2));
    await ctl.run(at(3));
    ctl.mark(at(4), 'failed', HOSTILE.failNote);
    ctl.giveInput(at(5), HOSTILE.ticket);
  } finally {
    await ctl.close();
  }
  // No front end aborts a run: the operator's word, written to the journal.
  appendEvent(journal, 'run.ended', { state: 'aborted', reason: HOSTILE.abort });
  return { journal };
}
