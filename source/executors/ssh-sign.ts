// SSH signatures over a sign-off's chain head, with `ssh-keygen -Y` in namespace `runbook`
// (as git signs commits). ssh-keygen itself uses the agent when SSH_AUTH_SOCK holds the key.
//
// Never hangs: every call has a 10 s timeout, runs detached from the terminal (no
// controlling tty, so no /dev/tty passphrase prompt), with askpass disabled and `-P ''`
// so an encrypted key that the agent does not hold fails at once with a clear message.

import { execa } from 'execa';
import { access, constants, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export const SIGNATURE_NAMESPACE = 'runbook';
const TIMEOUT_MS = 10_000;
const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface SigningKey {
  /** The private key, or the .pub when only the agent holds the private half. */
  path: string;
  fingerprint: string;
  publicKey: string;
}

export interface SignatureCheck {
  valid: boolean;
  message: string;
}

type Env = Record<string, string | undefined>;

interface KeygenResult {
  ok: boolean;
  stdout: string;
  /** stderr, else stdout, as one line; the reason when not ok. */
  message: string;
}

async function keygen(args: string[], input: string | undefined, env?: Env): Promise<KeygenResult> {
  const result = await execa('ssh-keygen', args, {
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    // detached: a session of its own without a terminal, so no passphrase prompt can block
    detached: true,
    reject: false,
    timeout: TIMEOUT_MS,
    forceKillAfterDelay: 1_000,
    // a given env is the whole environment; otherwise the process's is inherited
    env: { ...env, SSH_ASKPASS_REQUIRE: 'never' },
    extendEnv: env === undefined,
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.timedOut) return { ok: false, stdout, message: `ssh-keygen did not answer within ${TIMEOUT_MS / 1000} s` };
  if (result.exitCode === undefined) {
    const missing = (result as { code?: string }).code === 'ENOENT';
    return { ok: false, stdout, message: missing ? 'ssh-keygen is not on PATH' : `ssh-keygen could not start: ${result.shortMessage}` };
  }
  const lines = `${stderr}\n${stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'Signing data on standard input');
  return { ok: result.exitCode === 0, stdout, message: [...new Set(lines)].join('; ') };
}

async function exists(path: string, mode = constants.R_OK): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

async function onPath(program: string, path: string | undefined): Promise<boolean> {
  for (const dir of (path ?? '').split(delimiter).filter((d) => d !== '')) {
    if (await exists(join(dir, program), constants.X_OK)) return true;
  }
  return false;
}

async function readPublicKey(pub: string): Promise<string> {
  const text = await readFile(pub, 'utf8');
  const line = text.split('\n').find((l) => l.trim() !== '');
  return (line ?? '').trim();
}

async function fingerprintWith(publicKey: string, env?: Env): Promise<string> {
  const result = await keygen(['-l', '-E', 'sha256', '-f', '-'], `${publicKey.trim()}\n`, env);
  const fingerprint = /SHA256:[A-Za-z0-9+/=]+/.exec(result.stdout)?.[0];
  if (!result.ok || fingerprint === undefined) {
    throw new Error(`not an SSH public key (${publicKey.trim().slice(0, 24)}…): ${result.message}`);
  }
  return fingerprint;
}

/** SHA256:… of a public key line (`ssh-ed25519 AAAA… comment`). */
export async function fingerprintOf(publicKey: string): Promise<string> {
  return fingerprintWith(publicKey);
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(home, path);
}

/**
 * The configured key (a private key path or its .pub; `~/` and paths relative to home
 * allowed), else the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa that exists with its
 * .pub. Null when there is none or ssh-keygen is not on PATH. A configured key that
 * cannot be used throws a one-line error rather than quietly signing with another key.
 */
export async function findSigningKey(options: { configured?: string; home: string; env: Env }): Promise<SigningKey | null> {
  if (!(await onPath('ssh-keygen', options.env.PATH))) return null;
  if (options.configured !== undefined && options.configured.trim() !== '') {
    const path = expandHome(options.configured.trim(), options.home);
    const pub = path.endsWith('.pub') ? path : `${path}.pub`;
    const priv = path.endsWith('.pub') ? path.slice(0, -'.pub'.length) : path;
    if (!(await exists(pub))) throw new Error(`signing key ${options.configured}: ${pub} not found`);
    const publicKey = await readPublicKey(pub);
    const fingerprint = await fingerprintWith(publicKey, options.env).catch((error: unknown) => {
      throw new Error(`signing key ${options.configured}: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { path: (await exists(priv)) ? priv : pub, fingerprint, publicKey };
  }
  for (const name of DEFAULT_KEYS) {
    const priv = join(options.home, '.ssh', name);
    const pub = `${priv}.pub`;
    if (!(await exists(priv)) || !(await exists(pub))) continue;
    const publicKey = await readPublicKey(pub);
    try {
      return { path: priv, fingerprint: await fingerprintWith(publicKey, options.env), publicKey };
    } catch {
      continue; // an unreadable .pub: try the next key
    }
  }
  return null;
}

function signingFailure(key: SigningKey, message: string): string {
  if (/incorrect passphrase|passphrase/i.test(message)) {
    return `signing key ${key.path} is protected by a passphrase and not in the SSH agent: add it with ssh-add ${key.path}`;
  }
  if (key.path.endsWith('.pub')) {
    return `signing key ${key.path} is not in the SSH agent and its private half is not on disk (${message})`;
  }
  return `could not sign with ${key.path}: ${message}`;
}

/** An armored SSH signature (namespace `runbook`) over text; throws a one-line error. */
export async function signText(key: SigningKey, text: string, options: { env?: Env } = {}): Promise<string> {
  const result = await keygen(['-Y', 'sign', '-n', SIGNATURE_NAMESPACE, '-f', key.path, '-P', ''], text, options.env);
  const armored = /-----BEGIN SSH SIGNATURE-----[\s\S]*?-----END SSH SIGNATURE-----/.exec(result.stdout)?.[0];
  if (!result.ok || armored === undefined) throw new Error(signingFailure(key, result.message || 'no signature produced'));
  return `${armored}\n`;
}

/** ssh-keygen reads the signature from a file: a private temp dir, removed afterwards. */
async function withSignatureFile<T>(signature: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-sig-'));
  try {
    const file = join(dir, 'signoff.sig');
    await writeFile(file, signature.endsWith('\n') ? signature : `${signature}\n`, { mode: 0o600 });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Checks the signature against an allowed-signers file (`principal namespaces="runbook" key`). */
export async function verifySignature(args: { text: string; signature: string; principal: string; allowedSignersFile: string }): Promise<SignatureCheck> {
  if (!(await exists(args.allowedSignersFile))) throw new Error(`allowed signers file ${args.allowedSignersFile} not found`);
  return withSignatureFile(args.signature, async (file) => {
    const result = await keygen(
      ['-Y', 'verify', '-f', args.allowedSignersFile, '-I', args.principal, '-n', SIGNATURE_NAMESPACE, '-s', file],
      args.text,
    );
    return { valid: result.ok, message: result.ok ? result.stdout.trim() : result.message || 'could not verify signature' };
  });
}

/**
 * Without an allowed-signers file: proves the signature matches the text and was made by
 * this public key (`ssh-keygen -Y check-novalidate` and its fingerprint), not who owns it.
 */
export async function checkSignatureWithoutSigners(args: { text: string; signature: string; publicKey: string }): Promise<SignatureCheck> {
  const expected = await fingerprintOf(args.publicKey);
  return withSignatureFile(args.signature, async (file) => {
    const result = await keygen(['-Y', 'check-novalidate', '-n', SIGNATURE_NAMESPACE, '-s', file], args.text);
    if (!result.ok) return { valid: false, message: result.message || 'could not verify signature' };
    const signer = /SHA256:[A-Za-z0-9+/=]+/.exec(result.stdout)?.[0];
    if (signer !== expected) return { valid: false, message: `signature was made by key ${signer ?? 'unknown'}, not ${expected}` };
    return { valid: true, message: `${result.stdout.trim()} (key owner not checked: no allowed-signers file)` };
  });
}
