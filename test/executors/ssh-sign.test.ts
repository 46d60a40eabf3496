import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkSignatureWithoutSigners,
  findSigningKey,
  fingerprintOf,
  signText,
  verifySignature,
} from '../../source/executors/ssh-sign';

const env = { ...process.env };
const HEAD = 'chain head 4f1c2a9e0b7d and role Deploy Lead';
let root: string;

async function newHome(): Promise<string> {
  const home = await mkdtemp(join(root, 'home-'));
  await mkdir(join(home, '.ssh'), { mode: 0o700 });
  return home;
}

async function keygen(file: string, type = 'ed25519', passphrase = ''): Promise<string> {
  await execa('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'operator@bastion', '-f', file], { stdin: 'ignore' });
  return (await readFile(`${file}.pub`, 'utf8')).trim();
}

async function allowedSigners(principal: string, publicKey: string): Promise<string> {
  const file = join(await mkdtemp(join(root, 'signers-')), 'allowed_signers');
  const [type, blob] = publicKey.split(' ');
  await writeFile(file, `${principal} namespaces="runbook" ${type} ${blob}\n`);
  return file;
}

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'runbook-ssh-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findSigningKey', () => {
  it('finds nothing in a home without keys', async () => {
    expect(await findSigningKey({ home: await newHome(), env })).toBeNull();
  });

  it('finds nothing when ssh-keygen is not on PATH, even with a key', async () => {
    const home = await newHome();
    await keygen(join(home, '.ssh', 'id_ed25519'));
    expect(await findSigningKey({ home, env: { PATH: join(root, 'empty-bin') } })).toBeNull();
  });

  it('takes id_ed25519 before id_ecdsa, and skips a key without its .pub', async () => {
    const home = await newHome();
    const ecdsa = await keygen(join(home, '.ssh', 'id_ecdsa'), 'ecdsa');
    expect(await findSigningKey({ home, env })).toMatchObject({ path: join(home, '.ssh', 'id_ecdsa'), publicKey: ecdsa });

    const ed = await keygen(join(home, '.ssh', 'id_ed25519'));
    const key = await findSigningKey({ home, env });
    expect(key).toMatchObject({ path: join(home, '.ssh', 'id_ed25519'), publicKey: ed });
    expect(key!.fingerprint).toBe(await fingerprintOf(ed));

    await rm(join(home, '.ssh', 'id_ed25519.pub'));
    expect((await findSigningKey({ home, env }))!.path).toBe(join(home, '.ssh', 'id_ecdsa'));
  });

  it('uses the configured key over the defaults, and says so in one line when it is missing', async () => {
    const home = await newHome();
    await keygen(join(home, '.ssh', 'id_ed25519'));
    await mkdir(join(home, 'keys'));
    const deploy = await keygen(join(home, 'keys', 'deploy'));
    expect(await findSigningKey({ home, env, configured: '~/keys/deploy' })).toMatchObject({ path: join(home, 'keys', 'deploy'), publicKey: deploy });
    expect(await findSigningKey({ home, env, configured: join(home, 'keys', 'deploy.pub') })).toMatchObject({ path: join(home, 'keys', 'deploy') });
    await expect(findSigningKey({ home, env, configured: '~/keys/gone' })).rejects.toThrow(`signing key ~/keys/gone: ${join(home, 'keys', 'gone.pub')} not found`);
  });
});

describe('signing a chain head and verifying it', () => {
  let home: string;
  let key: NonNullable<Awaited<ReturnType<typeof findSigningKey>>>;
  let signature: string;
  let signers: string;

  beforeAll(async () => {
    home = await newHome();
    await keygen(join(home, '.ssh', 'id_ed25519'));
    key = (await findSigningKey({ home, env }))!;
    signature = await signText(key, HEAD);
    signers = await allowedSigners('alice@example.com', key.publicKey);
  });

  it('produces an armored SSH signature', () => {
    expect(signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----\n$/);
  });

  it('verifies against an allowed-signers file, naming the principal and key', async () => {
    const check = await verifySignature({ text: HEAD, signature, principal: 'alice@example.com', allowedSignersFile: signers });
    expect(check.valid).toBe(true);
    expect(check.message).toContain('Good "runbook" signature for alice@example.com');
    expect(check.message).toContain(key.fingerprint);
  });

  it('is invalid for a tampered chain head', async () => {
    const check = await verifySignature({ text: `${HEAD}x`, signature, principal: 'alice@example.com', allowedSignersFile: signers });
    expect(check.valid).toBe(false);
    expect(check.message).not.toBe('');
  });

  it('is invalid when the principal is someone else or another key is allowed for them', async () => {
    expect((await verifySignature({ text: HEAD, signature, principal: 'mallory@example.com', allowedSignersFile: signers })).valid).toBe(false);
    const other = await keygen(join(home, 'other'));
    const otherSigners = await allowedSigners('alice@example.com', other);
    expect((await verifySignature({ text: HEAD, signature, principal: 'alice@example.com', allowedSignersFile: otherSigners })).valid).toBe(false);
  });

  it('rejects a missing allowed-signers file in one line', async () => {
    await expect(verifySignature({ text: HEAD, signature, principal: 'a', allowedSignersFile: join(root, 'nope') })).rejects.toThrow(
      `allowed signers file ${join(root, 'nope')} not found`,
    );
  });

  it('without an allowed-signers file, checks the text and the signing key but says the owner is unchecked', async () => {
    const good = await checkSignatureWithoutSigners({ text: HEAD, signature, publicKey: key.publicKey });
    expect(good).toEqual({ valid: true, message: expect.stringContaining('key owner not checked') });
    expect((await checkSignatureWithoutSigners({ text: 'another head', signature, publicKey: key.publicKey })).valid).toBe(false);
    const other = await keygen(join(home, 'third'));
    const wrongKey = await checkSignatureWithoutSigners({ text: HEAD, signature, publicKey: other });
    expect(wrongKey.valid).toBe(false);
    expect(wrongKey.message).toBe(`signature was made by key ${key.fingerprint}, not ${await fingerprintOf(other)}`);
  });

  it('treats garbage as an invalid signature, not a crash', async () => {
    const check = await verifySignature({ text: HEAD, signature: 'not a signature', principal: 'alice@example.com', allowedSignersFile: signers });
    expect(check.valid).toBe(false);
  });

  it('fingerprints like ssh-keygen -l, and refuses a non-key', async () => {
    const { stdout } = await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(home, '.ssh', 'id_ed25519.pub')]);
    expect(stdout).toContain(await fingerprintOf(key.publicKey));
    await expect(fingerprintOf('hello')).rejects.toThrow(/^not an SSH public key/);
  });
});

describe('a passphrase-protected key', () => {
  let home: string;
  let agent: ResultPromise | undefined;

  beforeAll(async () => {
    home = await newHome();
    await keygen(join(home, '.ssh', 'id_ed25519'), 'ed25519', 'correct horse');
  });

  afterAll(async () => {
    agent?.kill();
    await agent?.catch(() => undefined);
  });

  it('fails at once with a clear message when no agent holds it (no prompt, no hang)', async () => {
    const key = (await findSigningKey({ home, env }))!;
    const started = Date.now();
    const noAgent = { ...env, SSH_AUTH_SOCK: undefined };
    await expect(signText(key, HEAD, { env: noAgent })).rejects.toThrow(
      `signing key ${key.path} is protected by a passphrase and not in the SSH agent: add it with ssh-add ${key.path}`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is signed through the SSH agent that holds it', async () => {
    const socket = join(home, 'agent.sock');
    agent = execa('ssh-agent', ['-D', '-a', socket], { stdin: 'ignore', reject: false });
    await until(() => existsSync(socket), 'the ssh-agent socket');
    // ssh-add asks for the passphrase through an askpass program: the real one, scripted.
    const askpass = join(home, 'askpass.sh');
    await writeFile(askpass, "#!/bin/sh\necho 'correct horse'\n");
    await chmod(askpass, 0o700);
    await execa('ssh-add', [join(home, '.ssh', 'id_ed25519')], {
      stdin: 'ignore',
      detached: true,
      env: { SSH_AUTH_SOCK: socket, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
    });

    const key = (await findSigningKey({ home, env }))!;
    const signature = await signText(key, HEAD, { env: { ...env, SSH_AUTH_SOCK: socket } });
    const signers = await allowedSigners('bob@example.com', key.publicKey);
    expect((await verifySignature({ text: HEAD, signature, principal: 'bob@example.com', allowedSignersFile: signers })).valid).toBe(true);
  });
});
