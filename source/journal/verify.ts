// Checks a journal against its own chain: every hash recomputed from the stored
// columns (the stored hash is never trusted), every link and seq, and every output
// chunk against the SHA-256 its `output` event carries; and against its anchor
// (anchor.ts), which a chain cut short or rewritten whole no longer matches.

import type Database from 'better-sqlite3';
import { anchorPath, checkPoint, isAnchored, readAnchor, type ChainPoint, type PointCheck } from './anchor';
import { GENESIS_HASH, OUTPUT_EVENT, createChunkDigest, eventHash, isOutputEventPayload, type ChainEvent, type StepChunk } from './format';
import type { Journal } from './journal';

export interface ChainVerdict {
  valid: boolean;
  events: number;
  /** The stored hash of the last event (64 zeros for an empty journal). */
  head: string;
  /**
   * The first problem in seq order. For an output chunk no event covers, seq is the
   * chain's last event (the chunk lies outside the chain) and chunk names it.
   */
  firstBad?: { seq: number; reason: string; chunk?: number };
}

type Problem = NonNullable<ChainVerdict['firstBad']>;

/** The chunks one output event claims, checked as they stream past. */
interface Coverage {
  seq: number;
  step: string;
  first: number;
  last: number;
  lines: number;
  sha256: string;
  seen: number;
  seenLines: number;
  digest: ReturnType<typeof createChunkDigest>;
  problem?: string;
}

export function verifyChain(journal: Journal): ChainVerdict {
  const db = journal.connection;
  // One read transaction: both passes see the same snapshot while a writer goes on.
  return db.transaction(() => {
    const chain = checkEvents(db);
    const chunkProblem = checkChunks(db, chain.coverage, chain.events);
    const problems = [chain.problem, chunkProblem].filter((p): p is Problem => p !== undefined);
    problems.sort((a, b) => a.seq - b.seq);
    const firstBad = problems[0];
    const verdict: ChainVerdict = { valid: firstBad === undefined, events: chain.events, head: chain.head };
    if (firstBad !== undefined) verdict.firstBad = firstBad;
    return verdict;
  })();
}

function checkEvents(db: Database.Database): {
  events: number;
  head: string;
  coverage: Coverage[];
  problem?: Problem;
} {
  const coverage: Coverage[] = [];
  let problem: Problem | undefined;
  let events = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let head = GENESIS_HASH;
  let lastCovered = 0;
  const rows = db.prepare('SELECT seq, at, type, payload, prev_hash AS prevHash, hash FROM events ORDER BY seq').iterate();
  for (const row of rows as Iterable<ChainEvent>) {
    events += 1;
    head = row.hash;
    if (problem === undefined) problem = checkEvent(row, expectedSeq, prevHash);
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
    if (row.type !== OUTPUT_EVENT) continue;
    const claim = parseCoverage(row);
    if (typeof claim === 'string') {
      problem ??= { seq: row.seq, reason: claim };
    } else if (claim.first <= lastCovered) {
      problem ??= { seq: row.seq, reason: `its output chunks ${claim.first}–${claim.last} overlap an earlier output event` };
    } else {
      coverage.push(claim);
      lastCovered = claim.last;
    }
  }
  return problem === undefined ? { events, head, coverage } : { events, head, coverage, problem };
}

function checkEvent(row: ChainEvent, expectedSeq: number, prevHash: string): Problem | undefined {
  if (row.seq !== expectedSeq) {
    const missing = row.seq - 1 === expectedSeq ? `event ${expectedSeq} is` : `events ${expectedSeq}–${row.seq - 1} are`;
    return { seq: expectedSeq, reason: `${missing} missing` };
  }
  if (row.prevHash !== prevHash) return { seq: row.seq, reason: 'its prev_hash does not link to the event before it' };
  if (eventHash(row.prevHash, row.seq, row.at, row.type, row.payload) !== row.hash) {
    return { seq: row.seq, reason: 'its hash does not match its contents' };
  }
  return undefined;
}

function parseCoverage(row: ChainEvent): Coverage | string {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return 'its output payload is not JSON';
  }
  if (!isOutputEventPayload(payload) || payload.first > payload.last || payload.first < 1) {
    return 'its output payload is malformed';
  }
  const { step, first, last, lines, sha256 } = payload;
  return { seq: row.seq, step, first, last, lines, sha256, seen: 0, seenLines: 0, digest: createChunkDigest() };
}

/** Streams the chunks in id order against the claims (both ascending), like a merge. */
function checkChunks(db: Database.Database, coverage: Coverage[], lastSeq: number): Problem | undefined {
  let uncovered: number | undefined;
  let index = 0;
  const problems: Problem[] = [];
  const finish = (claim: Coverage): void => {
    const reason = claim.problem ?? coverageProblem(claim);
    if (reason !== undefined) problems.push({ seq: claim.seq, reason });
  };
  const rows = db.prepare('SELECT id, step, stream, text FROM output ORDER BY id').iterate();
  for (const chunk of rows as Iterable<StepChunk>) {
    let claim = coverage[index];
    while (claim !== undefined && claim.last < chunk.id) {
      finish(claim);
      claim = coverage[++index];
    }
    if (claim === undefined || chunk.id < claim.first) {
      uncovered ??= chunk.id;
      continue;
    }
    if (chunk.step !== claim.step) claim.problem ??= `its output chunk ${chunk.id} belongs to another step`;
    claim.seen += 1;
    claim.seenLines += countLines(chunk.text);
    claim.digest.add(chunk);
  }
  for (; index < coverage.length; index++) finish(coverage[index] as Coverage);
  if (uncovered !== undefined) {
    problems.push({ seq: lastSeq, chunk: uncovered, reason: `output chunk ${uncovered} is not covered by any output event` });
  }
  return problems[0];
}

function coverageProblem(claim: Coverage): string | undefined {
  if (claim.seen !== claim.last - claim.first + 1) {
    return `some of its output chunks ${claim.first}–${claim.last} are missing`;
  }
  if (claim.digest.hex() !== claim.sha256) return 'its output chunks do not match their SHA-256';
  if (claim.seenLines !== claim.lines) return `its output chunks hold ${claim.seenLines} lines, not ${claim.lines}`;
  return undefined;
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

/**
 * What SQLite's own check finds wrong with the file (a flipped byte in an index, a lost
 * page), or undefined. The chain covers what every row holds, not the b-trees readers find
 * rows through: an index that lost a step's chunks shows its output empty while every
 * hash still holds.
 */
export function verifyStorage(journal: Journal): string | undefined {
  const found = journal.connection.pragma('integrity_check(1)', { simple: true }) as string | undefined;
  return found === undefined || found === 'ok' ? undefined : found;
}

/**
 * Why nothing may be appended to this journal: its chain does not verify, its file is
 * damaged, or it does not match its anchor (cut short, rewritten, anchor gone). Undefined when it is sound.
 */
export function damage(journal: Journal): string | undefined {
  const chain = verifyChain(journal);
  if (!chain.valid) return `chain broken at event ${chain.firstBad?.seq ?? '?'}: ${chain.firstBad?.reason ?? 'unknown'}`;
  const storage = verifyStorage(journal);
  if (storage !== undefined) return `journal file damaged: ${storage} (SQLite integrity check)`;
  const anchor = verifyAnchor(journal);
  return anchorHolds(anchor) ? undefined : describeAnchor(anchor);
}

export type AnchorVerdict =
  /** A journal written before anchoring: nothing to check against. */
  | { status: 'none' }
  /** The journal says it was anchored, and its anchor is gone. */
  | { status: 'missing'; file: string }
  | { status: 'unreadable'; file: string; reason: string }
  | ({ file: string; point: ChainPoint } & PointCheck);

/** The journal against the anchor beside it. */
export function verifyAnchor(journal: Journal): AnchorVerdict {
  const file = anchorPath(journal.path);
  const read = readAnchor(journal.path);
  if (read.kind === 'absent') return isAnchored(journal.connection) ? { status: 'missing', file } : { status: 'none' };
  if (read.kind === 'unreadable') return { status: 'unreadable', file, reason: read.reason };
  return { file, point: read.point, ...checkPoint(journal.connection, read.point) };
}

/** The anchor's verdict as data (show --json, the report): `holds` false when events are gone or were changed. */
export interface AnchorSummary {
  status: AnchorVerdict['status'];
  holds: boolean;
  /** What the anchor records, when it could be read. */
  events: number | null;
  head: string | null;
  message: string;
}

export function anchorSummary(verdict: AnchorVerdict): AnchorSummary {
  const point = 'point' in verdict ? verdict.point : null;
  return { status: verdict.status, holds: anchorHolds(verdict), events: point?.events ?? null, head: point?.head ?? null, message: describeAnchor(verdict) };
}

/** none, matches and ahead hold; the rest mean events are gone or were changed. */
export function anchorHolds(verdict: AnchorVerdict): boolean {
  return verdict.status === 'none' || verdict.status === 'matches' || verdict.status === 'ahead';
}

/** One line: the anchor's verdict, saying what is missing when it fails. */
export function describeAnchor(verdict: AnchorVerdict): string {
  switch (verdict.status) {
    case 'none':
      return 'no anchor (journal written before anchoring)';
    case 'missing':
      return `anchor MISSING: ${verdict.file} is gone (the journal was written with one); events cut from its end would not show`;
    case 'unreadable':
      return `anchor UNREADABLE: ${verdict.file}: ${verdict.reason}`;
    case 'matches':
    case 'ahead':
    case 'behind':
    case 'rewritten':
      return describePoint(verdict, verdict.point, 'anchor');
    default: {
      const never: never = verdict;
      return String(never);
    }
  }
}

/**
 * One line: the journal against a point recorded elsewhere (`what`: "anchor", "report"),
 * e.g. "journal BEHIND its anchor: the anchor records 8 events (head 0833…), the journal
 * has 6: events 7–8 are missing".
 */
export function describePoint(check: PointCheck, point: ChainPoint, what: string): string {
  const head = `${point.head.slice(0, 16)}…`;
  switch (check.status) {
    case 'matches':
      return `${what} matches: ${point.events} events, head ${point.head}`;
    case 'ahead':
      return `${what} matches event ${point.events} (head ${head}); the journal has ${check.extra} more ${check.extra === 1 ? 'event' : 'events'} since`;
    case 'behind': {
      const missing = point.events - check.events === 1 ? `event ${point.events} is` : `events ${check.events + 1}–${point.events} are`;
      return `journal BEHIND its ${what}: the ${what} records ${point.events} events (head ${head}), the journal has ${check.events}: ${missing} missing`;
    }
    case 'rewritten':
      return `journal REWRITTEN since its ${what}: event ${point.events} does not hash to the ${what}'s head ${head}; events up to ${point.events} were changed`;
    default: {
      const never: never = check;
      return String(never);
    }
  }
}
