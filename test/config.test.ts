// What runbook remembers between runs: the file an earlier version (through the `conf`
// package) wrote is read as it is, a write replaces it whole, and a broken file is one
// line naming it, from the real CLI, with the file left as it was. Runbooks in several
// panes write it at once, and none loses what another remembered.

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { configPath, openConfig, rememberJournal } from '../source/config';
import { InputError } from '../source/errors';
import { cliEnv, runCli, tempDir } from './helpers/cli';
import { bundleFixture, runNode } from './journal/helpers';

// What conf wrote: tab-indented JSON, no newline at the end, defaults included.
const WRITTEN_BY_CONF = '{\n\t"profiles": {\n\t\t"prod": "postgres://app@db.internal/orders"\n\t},\n\t"journals": [\n\t\t"/srv/runs/a.db"\n\t],\n\t"operator": "ana",\n\t"theme": "kept"\n}';

describe('runbook settings', () => {
  it('lives where conf kept it: RUNBOOK_HOME, else runbook/ under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ RUNBOOK_HOME: '/h/rb', XDG_CONFIG_HOME: '/x', HOME: '/home/ana' })).toBe('/h/rb/config.json');
    expect(configPath({ XDG_CONFIG_HOME: '/x', HOME: '/home/ana' })).toBe('/x/runbook/config.json');
    expect(configPath({ HOME: '/home/ana' })).toBe('/home/ana/.config/runbook/config.json');
  });

  it('reads a file an earlier version wrote, and a write keeps what it does not know', () => {
    const home = tempDir('runbook-config-');
    writeFileSync(join(home, 'config.json'), WRITTEN_BY_CONF);
    const config = openConfig({ RUNBOOK_HOME: home });
    expect(config.get('operator')).toBe('ana');
    expect(config.get('profiles')).toEqual({ prod: 'postgres://app@db.internal/orders' });

    rememberJournal(config, '/srv/runs/b.db');
    rememberJournal(config, '/srv/runs/a.db');
    const written = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'));
    expect(written).toEqual({
      profiles: { prod: 'postgres://app@db.internal/orders' },
      journals: ['/srv/runs/a.db', '/srv/runs/b.db'],
      operator: 'ana',
      theme: 'kept',
    });
    // Written beside it and renamed: nothing else left in the directory, readable by this account alone.
    expect(readdirSync(home)).toEqual(['config.json']);
    expect(statSync(join(home, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('has its defaults when there is no file, and writes none until something is remembered', () => {
    const home = join(tempDir('runbook-config-'), 'not-yet');
    const config = openConfig({ RUNBOOK_HOME: home });
    expect(config.get('journals')).toEqual([]);
    expect(config.get('profiles')).toEqual({});
    expect(config.get('operator')).toBeUndefined();
    expect(() => readdirSync(home)).toThrow(/ENOENT/);
    config.set('operator', 'bo');
    expect(openConfig({ RUNBOOK_HOME: home }).get('operator')).toBe('bo');
  });

  it('names the file and the line of a broken file', () => {
    const home = tempDir('runbook-config-');
    writeFileSync(join(home, 'config.json'), '{\n\t"operator": "ana",\n\t"journals": [1,]\n}');
    const error = (() => {
      try {
        openConfig({ RUNBOOK_HOME: home }).get('journals');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(new RegExp(`^${join(home, 'config.json')}:3: runbook's settings are not valid JSON`));
    writeFileSync(join(home, 'config.json'), '["not", "an object"]');
    expect(() => openConfig({ RUNBOOK_HOME: home }).get('journals')).toThrow(/config\.json:1: runbook's settings must be a JSON object/);
    // Hand-edited into shapes runbook cannot use: named, never a TypeError later.
    for (const [settings, says] of [
      [{ journals: 'one.db' }, '"journals" must be a list of paths'],
      [{ journals: [1] }, '"journals" must be a list of paths'],
      [{ profiles: ['prod'] }, '"profiles" must map names to URLs'],
      [{ profiles: { prod: 5 } }, '"profiles" must map names to URLs'],
      [{ operator: { name: 'ana' } }, '"operator" must be a name'],
      [{ store: true }, '"store" must be a URL'],
    ] as const) {
      writeFileSync(join(home, 'config.json'), JSON.stringify(settings));
      expect(() => openConfig({ RUNBOOK_HOME: home }).get('operator')).toThrow(`${join(home, 'config.json')}: runbook's settings: ${says}; fix or remove the file`);
    }
  });

  it('remembered by several runbooks at once, loses no journal, and is never read half-written', async () => {
    const home = tempDir('runbook-config-');
    const script = await bundleFixture('child-settings', tempDir('runbook-config-fixture-'), new URL('fixtures/', import.meta.url));
    const panes = ['ana', 'bo', 'cy', 'di'];
    const writers = panes.map((name) => runNode(script, [home, 'remember', name, '100']));
    const reader = runNode(script, [home, 'read']);
    const everyone = [...writers, reader];
    await Promise.all(everyone.map((child) => child.waitForLine((line) => line === 'ready')));
    for (const child of everyone) child.process.stdin.write('go\n');
    const said = await Promise.all(writers.map(async (child) => {
      await child.waitForLine((line) => line === 'done', 60_000);
      return (await child.exited).code;
    }));
    expect(said).toEqual(panes.map(() => 0));
    reader.process.stdin.end();
    const read = await reader.waitForLine((line) => line.startsWith('read '));

    const remembered = openConfig({ RUNBOOK_HOME: home }).get('journals');
    const wanted = panes.flatMap((name) => Array.from({ length: 100 }, (_, i) => `/srv/journals/${name}-${i}.runbook.sqlite`));
    expect(remembered.length).toBe(wanted.length);
    expect(new Set(remembered)).toEqual(new Set(wanted));
    expect(writers.map((child) => child.stderr())).toEqual(panes.map(() => ''));
    expect(read).toMatch(/^read \d+ times, 0 failed$/);
    // No lock or temporary file left behind; the file is this account's alone.
    expect(readdirSync(home)).toEqual(['config.json']);
    expect(statSync(join(home, 'config.json')).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('breaks a lock left by a runbook that died holding it, on this host or (by its age) on another', async () => {
    const home = tempDir('runbook-config-');
    const lock = join(home, 'config.json.lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lock, `pid ${dead} on ${hostname()}`);
    expect(rememberJournal(openConfig({ RUNBOOK_HOME: home }), '/srv/runs/a.db')).toBeNull();
    writeFileSync(lock, 'pid 1 on another-bastion');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, aMinuteAgo, aMinuteAgo);
    expect(rememberJournal(openConfig({ RUNBOOK_HOME: home }), '/srv/runs/b.db')).toBeNull();
    expect(openConfig({ RUNBOOK_HOME: home }).get('journals')).toEqual(['/srv/runs/b.db', '/srv/runs/a.db']);
    expect(readdirSync(home)).toEqual(['config.json']);
  });

  it('from the CLI: settings locked by a runbook that holds on cost a notice, never the run', async () => {
    const home = tempDir('runbook-config-');
    mkdirSync(join(home, 'runbook'));
    // Held by a live process on this host (this test's): waited for, then given up on.
    const lock = join(home, 'runbook', 'config.json.lock');
    const holder = `pid ${process.pid} on ${hostname()}`;
    writeFileSync(lock, holder);
    writeFileSync(join(home, 'one.md'), '# One\n\n- [ ] Look at the dashboard\n');
    const result = await runCli(['run', join(home, 'one.md'), '--journal', join(home, 'one.db'), '--plain', '--operator', 'ana'], { env: cliEnv(home), input: 'y\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Run completed');
    const config = join(home, 'runbook', 'config.json');
    expect(result.stderr).toBe(
      `runbook: this journal is not remembered for \`runbook list\` (cannot write ${config}: another runbook (${holder}) has held ${lock} for over 2 s; if none is running, remove that file)\n`,
    );
    expect(readFileSync(lock, 'utf8')).toBe(holder);
  });

  it('from the CLI: a broken file is one line and exit 2, and the file is left as it was', async () => {
    const home = tempDir('runbook-config-');
    mkdirSync(join(home, 'runbook'));
    const broken = '{ "journals": [';
    writeFileSync(join(home, 'runbook', 'config.json'), broken);
    const result = await runCli(['list'], { env: cliEnv(home) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`runbook: ${join(home, 'runbook', 'config.json')}:1: runbook's settings are not valid JSON; fix or remove the file`]);
    expect(readFileSync(join(home, 'runbook', 'config.json'), 'utf8')).toBe(broken);
  });

  it('from the CLI: settings that cannot be written cost a notice, never the run', async () => {
    // /proc/self takes no new files, even from root: the settings can be read (there are none) and not written.
    const home = tempDir('runbook-config-');
    writeFileSync(join(home, 'one.md'), '# One\n\n## PHASE 1: Say\n\n### 1.1 Hello\n\n```bash\necho hello\n```\n');
    const result = await runCli(['run', join(home, 'one.md'), '--journal', join(home, 'one.db'), '--plain'], { env: cliEnv(home, { RUNBOOK_HOME: '/proc/self' }), input: 'ana\ny\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(not remembered: cannot write /proc/self/config.json: ENOENT; --operator NAME skips this question)');
    expect(result.stderr).toBe('runbook: this journal is not remembered for `runbook list` (cannot write /proc/self/config.json: ENOENT)\n');
    expect(result.stdout).toMatch(/hello\n✔ passed/);
    expect(result.stdout).toContain('Run completed');
  });
});
