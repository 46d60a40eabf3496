// Sign-offs with a real SSH key made in the test: verify checks the chain and every
// signature; a journal altered after signing fails; no key degrades to a chain-head sign-off.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const FIXTURE = new URL('../fixtures/signoff/signoff.md', import.meta.url).pathname;

async function signedRun(withKey: boolean) {
  const dir = tempDir('runbook-signoff-');
  const file = join(dir, 'signoff.md');
  copyFileSync(FIXTURE, file);
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  if (withKey) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ana@bastion', '-f', join(home, '.ssh', 'id_ed25519')]);
  const env = { ...cliEnv(dir), HOME: home };
  const journal = join(dir, 'run.sqlite');
  // run the step, sign as the operator, then sign the second role under another name
  const run = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, input: 'y\ny\nbo\n' });
  return { dir, home, env, journal, run };
}

describe('sign-offs', () => {
  it('carry an SSH signature that verify checks against allowed signers, flagging one key used for two roles', async () => {
    const { dir, home, env, journal, run } = await signedRun(true);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Signed with SSH key.');
    const publicKey = readFileSync(join(home, '.ssh', 'id_ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const signers = join(dir, 'allowed_signers');
    writeFileSync(signers, `ana namespaces="runbook" ${publicKey}\nbo namespaces="runbook" ${publicKey}\n`);

    const verify = await runCli(['verify', journal, '--allowed-signers', signers], { env });
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/signed +Deploy Lead: ana at .* · key SHA256:/);
    expect(verify.stdout).toMatch(/signed +Security Review: bo at /);
    expect(verify.stdout).toContain('Deploy Lead and Security Review were signed with one key');

    const shown = JSON.parse((await runCli(['show', journal, '--json'], { env })).stdout);
    expect(shown.signoffs.map((s: { role: string; signature: { valid: boolean } | null }) => [s.role, s.signature?.valid])).toEqual([
      ['Deploy Lead', true],
      ['Security Review', true],
    ]);

    // An allowed-signers file that does not name the signer fails the signature.
    const strangers = join(dir, 'strangers');
    writeFileSync(strangers, `carol namespaces="runbook" ${publicKey}\n`);
    expect((await runCli(['verify', journal, '--allowed-signers', strangers], { env })).code).toBe(1);
  });

  it('a journal altered after signing fails verify', async () => {
    const { env, journal } = await signedRun(true);
    const db = new Database(journal);
    db.prepare("UPDATE events SET payload = replace(payload, 'the change is made', 'the change is MADE') WHERE type = 'step.started' OR type = 'step.finished'").run();
    db.prepare("UPDATE output SET text = replace(text, 'the change is made', 'nothing happened')").run();
    db.close();
    const verify = await runCli(['verify', journal], { env });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/chain BROKEN at event \d+/);
  });

  it('without a key, signs the chain head only and says so', async () => {
    const { env, journal, run } = await signedRun(false);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('not SSH-signed: no SSH key');
    const verify = await runCli(['verify', journal], { env });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/signed +Deploy Lead: ana at .* chain head only/);
  });
});
