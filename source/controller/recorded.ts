// Reading a recorded run (show, list, verify, report): what a reader needs of a journal —
// its events and replayed state, the output, the chain check, each sign-off's signature
// checked — from a file opened read-only (open-run.ts), never locked.

import type { LockHolder } from '../journal/lock';
import { verifyChain, type ChainVerdict } from '../journal/verify';
import type { RunEvent } from '../run/events';
import type { RunState, SignOffRecord } from '../run/state';
import { openRunReadonly } from './open-run';

export interface SignatureCheck {
  valid: boolean;
  message: string;
}

export interface RecordedRun {
  /** The journal's full path. */
  path: string;
  events: RunEvent[];
  state: RunState;
  /** The driver at work on the run now, if any (a step running in the journal is running only then). */
  driver: LockHolder | undefined;
  /** The step's committed output lines, every attempt's; `tail`: only the last ones. */
  outputLines(step: string, tail?: number): string[];
  /** Every hash and link of the chain recomputed, every output chunk against its event. */
  verifyChain(): ChainVerdict;
  /** The hashes of the journal's events, to check that a signed chain head is one of them. */
  eventHashes(): Set<string>;
  /** A sign-off's SSH signature checked against its statement (no allowed-signers file); null when it has none. */
  checkSignature(signOff: SignOffRecord): Promise<SignatureCheck | null>;
  close(): void;
}

export function openRecordedRun(path: string, cwd: string): RecordedRun {
  const { journal, events, state, driver } = openRunReadonly(path, cwd);
  return {
    path: journal.path,
    events,
    state,
    driver,
    outputLines: (step, tail) => journal.outputLines(step, tail === undefined ? {} : { tail }).map((l) => l.text),
    verifyChain: () => verifyChain(journal),
    eventHashes: () => new Set(journal.events().map((e) => e.hash)),
    checkSignature,
    close: () => journal.close(),
  };
}

async function checkSignature(so: SignOffRecord): Promise<SignatureCheck | null> {
  if (!so.signature) return null;
  try {
    const { checkSignatureWithoutSigners } = await import('../executors/ssh-sign');
    return await checkSignatureWithoutSigners({ text: so.statement, signature: so.signature.signature, publicKey: so.signature.publicKey });
  } catch (error) {
    return { valid: false, message: error instanceof Error ? error.message : String(error) };
  }
}
