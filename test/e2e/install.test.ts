// A real install, as an operator makes one: `npm pack` of this checkout, `npm install -g`
// of that tarball into an empty prefix with nothing but Node on the PATH (no compiler, no
// make, no python: better-sqlite3 must come prebuilt), then the installed `runbook` runs
// the demo to its end and checks a shipped runbook.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli';
import { demoNewUser, drivePlain } from './plain-driver';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** npm's own script (npm-cli.js), to run under this test's Node: npm sets npm_execpath for its scripts. */
function npmCli(): string {
  if (process.env.npm_execpath) return process.env.npm_execpath;
  const found = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'npm')).find((p) => existsSync(p));
  if (!found) throw new Error('npm is not on the PATH');
  return realpathSync(found);
}

/** This environment without npm's per-script variables (npm_config_prefix and the like would steer the install). */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.toLowerCase().startsWith('npm_')) env[k] = v;
  return { ...env, ...extra };
}

describe('npm install -g of the packed tarball, with no compiler on the PATH', () => {
  const work = tempDir('runbook-install-');
  const prefix = join(work, 'prefix');
  const nodeOnly = join(work, 'node-only');
  const bin = join(prefix, 'bin', 'runbook');
  const installed = join(prefix, 'lib', 'node_modules', 'runbook');
  let files: string[] = [];

  beforeAll(() => {
    mkdirSync(prefix);
    mkdirSync(nodeOnly);
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const npm = npmCli();
    const packed = JSON.parse(execFileSync(process.execPath, [npm, 'pack', '--json', '--pack-destination', work], { cwd: REPO, env: cleanEnv({}), encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    files = packed[0]?.files.map((f) => f.path) ?? [];
    // --prefer-offline: the packages `npm ci` just fetched are in the cache; the registry is asked only for what is not.
    execFileSync(process.execPath, [npm, 'install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]?.filename ?? '')], {
      cwd: work,
      env: cleanEnv({ PATH: nodeOnly }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }, 180_000);

  it('packs only what runs: the bundle, the shipped runbooks, the README and package.json', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('runbooks/demo.md');
    const stray = files.filter((f) => !/^(dist\/|runbooks\/)/.test(f) && !['README.md', 'package.json', 'LICENSE'].includes(f));
    expect(stray).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('installs better-sqlite3 prebuilt: nothing was compiled', () => {
    const sqlite = join(installed, 'node_modules', 'better-sqlite3');
    expect(existsSync(join(sqlite, 'prebuilds', 'linux-x64.node'))).toBe(true);
    expect(existsSync(join(sqlite, 'build'))).toBe(false);
  });

  it('refuses a Node older than 22 in one line, exit 2, before loading anything', async () => {
    // Node 20 from the npm registry (as the project gets its own Node 24): the line operators' old bastions have.
    const old = join(work, 'node20');
    execFileSync(process.execPath, [npmCli(), 'install', '--prefix', old, '--no-save', '--no-package-lock', '--prefer-offline', '--no-audit', '--no-fund', 'node@20'], { cwd: work, env: cleanEnv({}), stdio: 'ignore' });
    const oldBin = join(old, 'node_modules', '.bin');
    const result = await runCli(['demo', '--plain'], { command: bin, env: { PATH: `${oldBin}${delimiter}/usr/bin${delimiter}/bin`, HOME: work } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^runbook needs Node 22 or newer; this is 20\.\d+\.\d+\n$/);
  }, 120_000);

  it('prints the package version', async () => {
    const result = await runCli(['--version'], { command: bin, env: { PATH: nodeOnly, HOME: work } });
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('runs the demo to its end and checks a shipped runbook', async () => {
    const home = tempDir('runbook-install-home-');
    // The demo's steps call the usual tools (sh, sqlite3's stand-in is the SQLite target): the system's PATH after Node.
    const env = { PATH: `${nodeOnly}${delimiter}/usr/bin${delimiter}/bin`, HOME: home, RUNBOOK_HOME: join(home, 'runbook'), LANG: 'C.UTF-8' };
    const demo = await drivePlain(['demo', '--plain'], { command: bin, env, cwd: home, answer: demoNewUser(), timeoutMs: 90_000 });
    expect(demo.code, `${demo.stdout.slice(-2000)}\n${demo.stderr}`).toBe(0);
    const journal = /Its journal:\s+(\S+)/.exec(demo.stdout)?.[1] ?? '';
    expect(existsSync(journal)).toBe(true);
    const verified = await runCli(['verify', journal], { command: bin, env });
    expect(verified.code, verified.stderr).toBe(0);

    const shipped = readdirSync(join(installed, 'runbooks')).filter((f) => f.endsWith('.md') && f !== 'demo.md');
    expect(shipped.length).toBeGreaterThan(0);
    for (const name of shipped) {
      const checked = await runCli(['check', join(installed, 'runbooks', name)], { command: bin, env });
      expect(checked.code, `${name}: ${checked.stderr}`).toBe(0);
    }
  }, 120_000);
});
