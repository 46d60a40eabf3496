// The team store in tests: a database of the test file's own with the store's schema, and
// the writer and reader roles `store init` prints grants for (roles are cluster-wide: each
// gets a unique name and is dropped when the file ends).

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { grantStatements, migrate } from '../../source/store/migrations';
import { ScriptedRun } from '../faults/support/scripted-run';
import { Tmux } from '../e2e/tmux-pane';
import { cliEnv, runCli, tempDir, TEST_DATABASE_URL, type CliResult } from './cli';
import { testDatabases, withClient } from './pg';
import { rows } from './tamper';

export interface StoreRoles {
  writer: string;
  reader: string;
  /** The store's URL, logged in as this role. */
  as(role: string): string;
}

export function storeDatabases(prefix: string) {
  const dbs = testDatabases(prefix);
  const roles: string[] = [];
  return {
    /** A new database with the schema applied, as `store init` leaves it. */
    async store(): Promise<string> {
      const url = await dbs.fresh('SELECT 1');
      await withClient(url, (c) => migrate(c));
      return url;
    },
    /** An empty database (for `store init` itself). */
    empty: () => dbs.fresh('SELECT 1'),
    /** A writer and a reader role, granted as `store init` says. */
    async roles(url: string): Promise<StoreRoles> {
      const tag = `${process.pid}_${roles.length}_${Date.now() % 100000}`;
      const writer = `runbook_writer_${tag}`;
      const reader = `runbook_reader_${tag}`;
      await withClient(TEST_DATABASE_URL, async (c) => {
        await c.query(`CREATE ROLE ${writer} LOGIN`);
        await c.query(`CREATE ROLE ${reader} LOGIN`);
      });
      roles.push(writer, reader);
      await withClient(url, async (c) => {
        for (const grant of grantStatements(writer, reader)) await c.query(grant);
      });
      return {
        writer,
        reader,
        as(role) {
          const u = new URL(url);
          u.username = role;
          return u.toString();
        },
      };
    },
    async dropAll(): Promise<void> {
      await dbs.dropAll();
      await withClient(TEST_DATABASE_URL, async (c) => {
        for (const role of roles) await c.query(`DROP ROLE IF EXISTS ${role}`);
      });
    },
  };
}

/** The drill the store tests drive: three shell steps, `one`, `two`, `three`, each echoing "step …". */
export const DRILL = `# Store drill

## Phase 1: Deploy

\`\`\`bash {#one}
echo "step one"
\`\`\`

\`\`\`bash {#two}
echo "step two"
\`\`\`

\`\`\`bash {#three}
echo "step three"
\`\`\`
`;

/** An account of its own (HOME, RUNBOOK_HOME), as on a host of its own, with the drill beside it; no store configured. */
export interface DrillAccount {
  home: string;
  /** The drill runbook, drill.md. */
  file: string;
  env: Record<string, string>;
  /** Where a run given `--journal` keeps it: drill.runbook.sqlite beside the runbook. */
  journal: string;
  /** The journals in the account's journal directory (runs started without --journal, copies from the store). */
  journals(): string[];
  cli(args: string[], input?: string): Promise<CliResult>;
  /** A --plain run driven step by step from the test; killed after the test if it is still there. */
  start(args: string[]): ScriptedRun;
  /** An 80×24 tmux pane of the account's, in its home (for the screen: watch); closed after the test. */
  pane(): { tmux: Tmux; pane: string };
}

/**
 * The set-up of a test file that drives the drill through a team store: a store database of
 * the file's own with its writer role (`writer`: its URL; `owner` reads everything), and
 * accounts to run the real CLI in. Registers its own hooks: the store is made before the
 * file's tests, every run `start`ed is killed after each test (thawed first, should the test
 * have frozen it) and every pane closed, and the database and roles are dropped after the file.
 */
export function storeDrill(prefix: string) {
  const dbs = storeDatabases(prefix);
  const urls = { owner: '', writer: '' };
  const running: ScriptedRun[] = [];
  const panes: Tmux[] = [];
  beforeAll(async () => {
    urls.owner = await dbs.store();
    const roles = await dbs.roles(urls.owner);
    urls.writer = roles.as(roles.writer);
  });
  afterEach(async () => {
    const runs = running.splice(0);
    for (const r of runs) {
      r.child.kill('SIGCONT');
      r.child.kill('SIGKILL');
    }
    await Promise.all(runs.map((r) => r.exited));
    for (const t of panes.splice(0)) t.close();
  });
  afterAll(() => dbs.dropAll());
  return {
    /** The store's URL as its owner (the test's own reads). */
    get owner(): string {
      return urls.owner;
    },
    /** The store's URL as the writer role `store init` grants: what an operator gives --store. */
    get writer(): string {
      return urls.writer;
    },
    /**
     * ana drives step one of the drill on account `a`, published to the store, and her driver
     * dies (SIGKILL) at step two's prompt: a run for another host to take over. Its id.
     */
    async abandoned(a: DrillAccount): Promise<string> {
      const driver = a.start(['run', a.file, '--plain', '--journal', a.journal, '--operator', 'ana', '--store', urls.writer]);
      await driver.passStep();
      await driver.prompt();
      const runId = rows(a.journal)[0]!.hash;
      await eventually(async () => (await storedEvents(urls.owner, runId)).length === rows(a.journal).length, `the store to hold ${a.journal}`, 30_000);
      driver.child.kill('SIGKILL');
      await driver.exited;
      return runId;
    },
    account(name: string, extra: Record<string, string> = {}): DrillAccount {
      const home = tempDir(`runbook-${prefix}-${name}-`);
      const file = join(home, 'drill.md');
      writeFileSync(file, DRILL);
      const env = cliEnv(home, extra);
      const journals = join(home, 'runbook', 'journals');
      return {
        home,
        file,
        env,
        journal: join(home, 'drill.runbook.sqlite'),
        journals: () => readdirSync(journals).filter((f) => f.endsWith('.runbook.sqlite')).map((f) => join(journals, f)),
        cli: (args, input = '') => runCli(args, { env, cwd: home, input }),
        start(args) {
          const run = new ScriptedRun(args, { env, cwd: home });
          running.push(run);
          return run;
        },
        pane() {
          // A UTF-8 terminal inside "tmux", as an operator's is; no CI variable reaches the screen.
          const tmux = new Tmux(home, { ...env, USER: env.USER ?? name, LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' }, { columns: 80, rows: 24 });
          panes.push(tmux);
          return { tmux, pane: tmux.paneId('main:0') };
        },
      };
    },
  };
}

let watchers = 0;

/**
 * Types `command` (a `runbook watch …`) in a cleared pane of `at`, waits for the watcher's
 * screen to pass `test`, leaves it with q and waits for it to exit 0. The screen, and what
 * the pane shows after (what watch printed on leaving), its white space as single spaces.
 */
export async function watchScreen(at: { tmux: Tmux; pane: string }, command: string, test: (lines: string[]) => boolean, what: string): Promise<{ screen: string[]; left: string }> {
  // Nothing of the last watcher's screen left to be taken for this one's.
  at.tmux.command(at.pane, 'clear');
  await at.tmux.waitFor(at.pane, (l) => l.filter((x) => x.trim() !== '').length <= 1, 'a cleared pane');
  const exited = `EXIT-${++watchers} `;
  const exit = (lines: string[]) => lines.find((x) => x.startsWith(exited));
  at.tmux.command(at.pane, `${command}; echo "${exited.trim()} $?"`);
  const screen = await at.tmux.waitFor(at.pane, (l) => test(l) || exit(l) !== undefined, what, 20_000);
  if (!test(screen)) throw new Error(`${command} left without ${what}:\n${screen.join('\n')}`);
  at.tmux.key(at.pane, 'q');
  const end = await at.tmux.waitFor(at.pane, (l) => exit(l) !== undefined, 'the watcher to leave', 10_000);
  if (exit(end) !== `${exited}0`) throw new Error(`${command} exited ${exit(end)}:\n${end.join('\n')}`);
  return { screen, left: end.join(' ').replace(/\s+/g, ' ') };
}

export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(text, values)).rows);
}

/** Polls an async check until it holds, or fails after the deadline; never a fixed sleep. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StoredEvent {
  seq: number;
  at: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** Every event of every run in the store, in (run, seq) order, as the journal's columns. */
export async function storedEvents(url: string, runId?: string): Promise<StoredEvent[]> {
  const rows = await query<StoredEvent & { seq: string }>(
    url,
    `SELECT seq, at, type, payload, prev_hash, hash FROM runbook.events ${runId ? 'WHERE run_id = $1' : ''} ORDER BY run_id, seq`,
    runId ? [runId] : [],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The run's output chunks in the store, as the journal's columns. */
export async function storedChunks(url: string, runId: string): Promise<{ id: number; step: string; stream: string; text: string }[]> {
  const rows = await query<{ id: string; step: string; stream: string; body: Buffer }>(url, 'SELECT id, step, stream, body FROM runbook.output WHERE run_id = $1 ORDER BY id', [runId]);
  return rows.map((r) => ({ id: Number(r.id), step: r.step, stream: r.stream, text: r.body.toString('utf8') }));
}
