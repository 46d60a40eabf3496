// Reading runs back from the team store with the real CLI, as the reader role: show,
// report and verify say byte for byte what they say of the local journal (but for the line
// naming the journal, `store:RUN_ID` there, and the report's generation time); a run is
// named by its id or an unambiguous prefix; list --store fits 80 columns, and --format md
// is a Markdown table; a URL with a password is refused in one line.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH } from '../../source/journal/format';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { query, storeDatabases, type StoreRoles } from '../helpers/store';

const FIXTURE = new URL('../fixtures/store/deploy.md', import.meta.url).pathname;
const dbs = storeDatabases('read');
let owner: string;
let roles: StoreRoles;
let reader: string;
const dir = tempDir('runbook-store-read-');
const journal = join(dir, 'run.runbook.sqlite');
const env = cliEnv(join(dir, 'home'), { API_TOKEN: 'hunter2-very-secret-token' });
let runId: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'home'));
  copyFileSync(FIXTURE, join(dir, 'deploy.md'));
  owner = await dbs.store();
  roles = await dbs.roles(owner);
  reader = roles.as(roles.reader);
  const run = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', journal, '--store', roles.as(roles.writer)], { env, cwd: dir, input: 'y\n'.repeat(8) });
  expect(run.code, run.stderr).toBe(0);
  runId = rows(journal)[0]?.hash ?? '';
});
afterAll(() => dbs.dropAll());

const cli = (...args: string[]) => runCli(args, { env, cwd: dir });

/** What differs by nature between a local read and a store read: the journal's name, and when a report was made. */
function normal(text: string): string {
  return text.replaceAll(journal, `store:${runId}`).replace(/(made from its journal at |"generatedAt": ")[^"\n]+/g, '$1<time>');
}

describe('show, report and verify --store', () => {
  it.each([['show'], ['show', '--json'], ['report'], ['report', '--format', 'json'], ['verify']].map((v) => [v.join(' '), v] as const))(
    '%s says what it says of the local journal',
    async (_name, verb) => {
    const local = await cli(...verb, journal);
    const stored = await cli(...verb, runId.slice(0, 8), '--store', reader);
    expect(stored.code, stored.stderr).toBe(local.code);
    expect(stored.stderr).toBe(local.stderr);
    expect(normal(stored.stdout)).toBe(normal(local.stdout));
    expect(local.stdout).not.toBe('');
    },
  );

  it('prints the run id in show --json, the report and list --json', async () => {
    expect(JSON.parse((await cli('show', journal, '--json')).stdout).runId).toBe(runId);
    expect(JSON.parse((await cli('report', journal, '--format', 'json')).stdout).runId).toBe(runId);
    expect((await cli('report', journal)).stdout).toContain(`Run id: \`${runId}\``);
    expect(JSON.parse((await cli('list', '--json')).stdout)[0]).toMatchObject({ runId, journal });
    const team = JSON.parse((await cli('list', '--json', '--store', reader)).stdout);
    expect(team).toEqual([expect.objectContaining({ runId, journal: `store:${runId}`, state: 'monitoring', operator: 'ana', title: 'Store fixture | release 7' })]);
  });

  it('takes --store bare when RUNBOOK_STORE names the store, and says so in one line when nothing does', async () => {
    const shown = await runCli(['show', '--store', runId.slice(0, 6)], { env: { ...env, RUNBOOK_STORE: reader }, cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`journal store:${runId}`);
    // Another account: no journal of the run here to remember the store.
    const elsewhere = tempDir('runbook-store-read-elsewhere-');
    const none = await runCli(['show', runId, '--store'], { env: cliEnv(elsewhere), cwd: elsewhere });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('runbook show: no team store configured: give --store URL, or set RUNBOOK_STORE or store: in the config\n');
  });

  it('takes --store bare, on the host that published the run, as the store its journal remembers', async () => {
    const shown = await cli('report', runId.slice(0, 8), '--store');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Run id: \`${runId}\``);
    expect(shown.stdout).toContain(`store:${runId}`);
  });

  it('names an unknown, a malformed or an ambiguous run in one line, exit 2', async () => {
    const unknown = await cli('show', 'ffff0000', '--store', reader);
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([2, '', 'runbook: no run ffff0000 in the store (runbook list --store)\n']);
    const malformed = await cli('verify', 'ab', '--store', reader);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^runbook: "ab" is not a run id: give the id, or at least its first 4 hex digits/);

    // Two runs whose ids share a prefix: found by trying starts until two hashes collide on 4 digits.
    const seen = new Map<string, { at: string; payload: string; hash: string }>();
    let pair: [{ hash: string }, { hash: string }] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const at = '2026-01-01T00:00:00.000Z';
      const payload = JSON.stringify({ runbook: { file: '/x.md', sha256: 'x', title: `Twin ${i}` }, operator: 'zed', identity: { host: 'h' } });
      const hash = eventHash(GENESIS_HASH, 1, at, 'run.started', payload);
      const other = seen.get(hash.slice(0, 4));
      if (other && !hash.startsWith(runId.slice(0, 4))) {
        for (const e of [other, { at, payload, hash }]) {
          await query(owner, 'INSERT INTO runbook.events (run_id, seq, at, type, payload, prev_hash, hash) VALUES ($1, 1, $2, $3, $4, $5, $1)', [e.hash, e.at, 'run.started', e.payload, GENESIS_HASH]);
        }
        pair = [other, { hash }];
      }
      seen.set(hash.slice(0, 4), { at, payload, hash });
    }
    const prefix = pair[0].hash.slice(0, 4);
    const ambiguous = await cli('report', prefix, '--store', reader);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    const candidates = [pair[0].hash, pair[1].hash].sort().map((h) => h.slice(0, 16));
    expect(ambiguous.stderr).toBe(`runbook: run ${prefix} is ambiguous: ${candidates.join(', ')}; give more of its id\n`);
  });
});

describe('list --store', () => {
  it('is a table that fits 80 columns, and with --format md a Markdown table', async () => {
    const table = await cli('list', '--store', reader);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    // ENDED gives its room to the title where a long host name leaves the title too little (commands/list-table).
    expect(lines[0]).toMatch(/^ID +STATE +(STARTED +ENDED \(UTC\)|STARTED UTC) +OPERATOR +HOST +TITLE$/);
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    const row = lines.find((l) => l.startsWith(runId.slice(0, 8)));
    expect(row).toMatch(/^\w{8} {2}monitoring {3}\d\d-\d\d \d\d:\d\d {2}\s+ana\s+\S+\s+Store fixture/);
    expect(lines[lines.indexOf(row ?? '') + 1]).toMatch(/^ {10}due \d\d-\d\d \d\d:\d\d {2}echo "health ok"$/);

    const md = await cli('list', '--store', reader, '--format', 'md');
    const mdLines = md.stdout.trimEnd().split('\n');
    expect(mdLines[0]).toBe('| Run | Title | State | Operator | Host | Started | Ended | Scheduled checks |');
    expect(mdLines[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- |');
    // The pipe in the title does not split its cell.
    expect(mdLines.find((l) => l.includes(runId.slice(0, 12)))).toMatch(/^\| `\w{12}` \| Store fixture \\\| release 7 \| monitoring \| ana \| \S+ \| \d{4}-\d\d-\d\d \d\d:\d\dZ \| — \| \d{4}-\d\d-\d\d \d\d:\d\dZ echo "health ok" \|$/);
  });

  it('refuses a store URL that holds a password in one line, and takes one from env:VAR', async () => {
    const withPassword = `postgres://${roles.reader}:s3cret@127.0.0.1:5432/x`;
    const refused = await cli('list', '--store', withPassword);
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toBe('runbook: store (--store): the URL holds a password; use PGPASSWORD, ~/.pgpass or env:VAR\n');
    expect(refused.stderr).not.toContain('s3cret');
    const fromEnv = new URL(reader);
    fromEnv.password = 'not-checked-under-trust';
    const listed = await runCli(['list', '--json', '--store', 'env:TEAM_STORE'], { env: { ...env, TEAM_STORE: fromEnv.toString() }, cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((r: { runId: string }) => r.runId)).toContain(runId);
  });
});

describe('the store in the config', () => {
  it('is used by a bare --store when neither --store URL nor RUNBOOK_STORE names one', async () => {
    const home = join(dir, 'configured');
    mkdirSync(join(home, 'runbook'), { recursive: true });
    writeFileSync(join(home, 'runbook', 'config.json'), JSON.stringify({ store: reader }));
    const configured = cliEnv(home);
    const listed = await runCli(['list', '--store', '--json'], { env: configured, cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((r: { runId: string }) => r.runId)).toContain(runId);
    const due = await runCli(['list', '--store', '--due'], { env: configured, cwd: dir });
    expect([due.code, due.stdout]).toEqual([0, 'No scheduled checks are due.\n']);
  });
});

describe('a store copy that does not verify', () => {
  it('is caught by verify --store as a local journal would be (an owner edited a payload behind the triggers)', async () => {
    await query(owner, 'ALTER TABLE runbook.events DISABLE TRIGGER events_append_only');
    await query(owner, "UPDATE runbook.events SET payload = replace(payload, 'ana', 'eve') WHERE run_id = $1 AND seq = 1", [runId]);
    await query(owner, 'ALTER TABLE runbook.events ENABLE TRIGGER events_append_only');
    const verified = await cli('verify', runId, '--store', reader);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('chain BROKEN at event 1: its hash does not match its contents');
  });
});
