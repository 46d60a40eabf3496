// Reading a recorded run (show, list, verify, report): what a reader needs of a journal —
// its events and replayed state, the output, the chain and anchor checks, each sign-off's
// chain head and SSH signature checked — from a file opened read-only (open-run.ts),
// never locked. The journal itself stays behind these two handles.

import { checkPoint, signedHeadHolds, type ChainPoint, type PointCheck } from '../journal/anchor';
import type { Journal } from '../journal/journal';
import type { LockHolder } from '../journal/lock';
import { verifyAnchor, verifyChain, verifyStorage, type AnchorVerdict, type ChainVerdict } from '../journal/verify';
import { firstEventRow } from '../journal/replica';
import { runIdOf } from '../journal/run-id';
import type { RunEvent } from '../run/events';
import type { UnreadableEvent } from '../run/event-shapes';
import type { RunState, SignOffRecord } from '../run/state';
import { openJournalReadonly, openRunReadonly, replayJournal, type ReplayedRun } from './open-run';

export interface SignatureCheck {
  valid: boolean;
  message: string;
}

/** A journal to check, whether or not a run can be rebuilt from it (verify). */
export interface RecordedJournal {
  /** The journal's full path. */
  path: string;
  /** Every hash and link of the chain recomputed, every output chunk against its event. */
  verifyChain(): ChainVerdict;
  /** What SQLite's integrity check finds wrong with the file itself (an index, a page); undefined when sound. */
  verifyStorage(): string | undefined;
  /** The anchor beside the journal against the chain: truncation and rewrites show. */
  verifyAnchor(): AnchorVerdict;
  /** A point a saved report recorded (events and head), against the chain. */
  checkPoint(point: ChainPoint): PointCheck;
  /** The chain head a sign-off signed is in the chain (as the event it names, when it names one). */
  signedHeadHolds(signOff: SignOffRecord): boolean;
  /** A sign-off's SSH signature checked against its statement (no allowed-signers file); null when it has none. */
  checkSignature(signOff: SignOffRecord): Promise<SignatureCheck | null>;
  /** The events, those set aside as unreadable, and the run rebuilt from them when it can be. */
  replay(): ReplayedRun;
  close(): void;
}

/** A run read back from its journal (show, list, report). */
export interface RecordedRun extends Omit<RecordedJournal, 'replay'> {
  /** The run's id: the hash of its run.started event (journal/run-id.ts). */
  runId: string | null;
  events: RunEvent[];
  state: RunState;
  /** The driver at work on the run now, if any (a step running in the journal is running only then). */
  driver: LockHolder | undefined;
  /** Events set aside, in seq order: readers mark them rather than crash. */
  unreadable: UnreadableEvent[];
  /** The step's committed output lines, every attempt's; `tail`: only the last ones. */
  outputLines(step: string, tail?: number): string[];
  /** One attempt's output lines (its chunks `first`..`last`, see run/attempts.ts): all, or the first `head` or last `tail`. */
  outputRange(step: string, chunks: { first: number; last: number }, take?: { head?: number; tail?: number }): string[];
}

export function openRecordedJournal(path: string, cwd: string): RecordedJournal {
  return reading(openJournalReadonly(path, cwd));
}

/** `driving`: who drives the run now where its file's lock cannot say (a copy of a team store's run: its lease). */
export function openRecordedRun(path: string, cwd: string, driving?: LockHolder): RecordedRun {
  const { journal, events, state, driver, unreadable } = openRunReadonly(path, cwd, driving);
  return {
    ...reading(journal),
    runId: runIdOf(firstEventRow(journal)),
    events,
    state,
    driver,
    unreadable,
    outputLines: (step, tail) => journal.outputLines(step, tail === undefined ? {} : { tail }).map((l) => l.text),
    outputRange: (step, chunks, take) => journal.outputRange(step, chunks.first, chunks.last, take).map((l) => l.text),
  };
}

function reading(journal: Journal): RecordedJournal {
  return {
    path: journal.path,
    verifyChain: () => verifyChain(journal),
    verifyStorage: () => verifyStorage(journal),
    verifyAnchor: () => verifyAnchor(journal),
    checkPoint: (point) => checkPoint(journal.connection, point),
    signedHeadHolds: (so) => signedHeadHolds(journal.connection, so.chainHead, so.chainEvents),
    checkSignature,
    replay: () => replayJournal(journal),
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
