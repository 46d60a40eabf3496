// What each event's payload must hold for the reducer and the readers (show, report,
// resume) to use it. A journal is read back from a file anyone with the account can
// edit: an event whose payload is not JSON, is null, or lacks what its type promises is
// named and set aside ("event 17 (step.finished) unreadable: payload.step is missing"),
// never replayed into a crash or into a step called "undefined". Pure.

import type { RunEvent, RunEventType } from './events';

/** Says what is wrong with a value at `path`, or nothing. */
type Shape = (value: unknown, path: string) => string | undefined;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const leaf =
  (what: string, test: (v: unknown) => boolean): Shape =>
  (v, path) => {
    if (test(v)) return undefined;
    return v === undefined ? `${path} is missing` : `${path} is ${kindOf(v)}, not ${what}`;
  };

const str = leaf('a string', (v) => typeof v === 'string');
const num = leaf('a number', (v) => typeof v === 'number' && Number.isFinite(v));
const bool = leaf('a boolean', (v) => typeof v === 'boolean');
const any: Shape = () => undefined;

const nullable =
  (shape: Shape): Shape =>
  (v, path) =>
    v === null ? undefined : shape(v, path);

const optional =
  (shape: Shape): Shape =>
  (v, path) =>
    v === undefined ? undefined : shape(v, path);

const oneOf =
  (...values: string[]): Shape =>
  (v, path) =>
    typeof v === 'string' && values.includes(v) ? undefined : `${path} is not one of ${values.join(', ')}`;

const list =
  (item: Shape): Shape =>
  (v, path) => {
    if (!Array.isArray(v)) return v === undefined ? `${path} is missing` : `${path} is ${kindOf(v)}, not a list`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

const object =
  (fields: Record<string, Shape>): Shape =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      return v === undefined ? `${path} is missing` : `${path} is ${kindOf(v)}, not an object`;
    }
    const record = v as Record<string, unknown>;
    for (const [key, shape] of Object.entries(fields)) {
      const problem = shape(record[key], `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

const identity = object({ operator: str, host: str, pid: num });
const resultSet = object({ statement: num, command: str, columns: list(object({ name: str })), rows: list(list(any)), rowCount: num });
const stepSummary = object({ id: str, kind: str, title: str, line: num, phase: nullable(str), plan: nullable(str), digest: str });
const expectation = object({ text: str, result: str });

const SHAPES: Record<RunEventType, Shape> = {
  'run.started': object({
    runbook: object({ file: str, sha256: str, title: str }),
    source: str,
    steps: list(stepSummary),
    phases: list(object({ id: str, title: str })),
    operator: str,
    identity,
    rehearse: bool,
    targets: list(object({ name: str, kind: str, location: str })),
    cwd: str,
  }),
  'session.started': object({ identity, resumed: bool }),
  'operator.changed': object({ from: str, to: str, identity }),
  'lock.takeover': object({ from: object({ operator: str, host: str, pid: num, since: str }) }),
  'lease.takeover': object({
    from: object({ operator: str, user: str, host: str, pid: num, since: str, renewedAt: str }),
    to: object({ operator: str, user: str, host: str, pid: num }),
    reason: str,
    atSeq: num,
  }),
  'runbook.changed': object({ sha256: str, changed: list(str), added: list(str), removed: list(str) }),
  'step.started': object({ step: str, attempt: num, command: optional(str), original: optional(str) }),
  'step.finished': object({
    step: str,
    status: oneOf('passed', 'failed'),
    exitCode: nullable(num),
    durationMs: num,
    error: optional(str),
    expectation: nullable(expectation),
    resultSets: optional(list(resultSet)),
    context: optional(object({ cwd: str, exported: object({}), unset: list(str) })),
    transaction: optional(object({ target: str, open: bool })),
  }),
  'step.process': object({ step: str, pid: num, group: bool, startTicks: num, boot: nullable(str) }),
  'step.interrupted': object({ step: str }),
  'step.outlived': object({ step: str, pid: num, group: bool }),
  'process.ended': object({ step: str, pid: num, how: oneOf('ended', 'waited', 'terminated', 'killed') }),
  'step.marked': object({ step: str, status: oneOf('passed', 'failed', 'done'), note: optional(str) }),
  'step.skipped': object({ step: str, reason: str }),
  'step.rehearsed': object({ step: str, command: str, confirmed: optional(str) }),
  'step.focused': object({ step: str }),
  'note.added': object({ step: str, text: str }),
  'input.given': object({ step: str, name: str, value: str, secret: bool, stop: optional(str) }),
  'signoff.recorded': object({
    step: str,
    role: str,
    name: str,
    chainHead: str,
    chainEvents: optional(num),
    statement: str,
    signature: nullable(object({ keyFingerprint: str, publicKey: str, signature: str })),
    signatureNote: optional(str),
  }),
  'signoff.refused': object({ step: str, role: str, name: str }),
  'decision.taken': object({
    tree: str,
    step: nullable(str),
    path: list(object({ question: str, answer: str })),
    leadsTo: object({ kind: str, id: nullable(str), title: str }),
    reason: str,
  }),
  'plan.entered': object({ plan: str, from: nullable(str), tree: optional(str), reason: optional(str) }),
  'plan.left': object({ plan: str }),
  'capture.stored': object({ name: str, step: str, resultSets: list(resultSet), digest: str }),
  'comparison.made': object({ name: str, step: str, passed: bool, baselineDigest: str, digest: str, summary: str, rows: list(any) }),
  'check.scheduled': object({ step: str, dueAt: str }),
  'run.paused': object({ reason: str }),
  'run.ended': object({ state: oneOf('completed', 'aborted'), reason: optional(str) }),
  output: object({ step: str, first: num, last: num, lines: num, sha256: str }),
};

/**
 * What is wrong with an event's payload, in one short phrase that never quotes the
 * payload itself ("payload.step is missing"); undefined when it is fit to replay. An
 * event type this version does not know is passed (the reducer ignores it).
 */
export function payloadProblem(type: string, payload: unknown): string | undefined {
  const shape = Object.hasOwn(SHAPES, type) ? SHAPES[type as RunEventType] : undefined;
  return shape === undefined ? undefined : shape(payload, 'payload');
}

/** An event the readers set aside, named by seq and type. */
export interface UnreadableEvent {
  seq: number;
  type: string;
  reason: string;
}

/** "event 17 (step.finished) unreadable: payload.step is missing" (an odd type is quoted, escapes and all). */
export function describeUnreadable(e: UnreadableEvent): string {
  const type = /^[\w.-]+$/.test(e.type) ? e.type : JSON.stringify(e.type);
  return `event ${e.seq} (${type}) unreadable: ${e.reason}`;
}

/** The events as the journal read them back: `unreadable` set when the payload was not JSON. */
export interface StoredEvent {
  seq: number;
  at: string;
  type: string;
  payload: unknown;
  unreadable?: string;
}

/** Splits the events into those fit to replay and those set aside, each with its reason. */
export function readableEvents<E extends StoredEvent>(stored: E[]): { events: (E & RunEvent)[]; unreadable: UnreadableEvent[] } {
  const events: (E & RunEvent)[] = [];
  const unreadable: UnreadableEvent[] = [];
  for (const e of stored) {
    const reason = e.unreadable ?? payloadProblem(e.type, e.payload);
    if (reason === undefined) events.push(e as E & RunEvent);
    else unreadable.push({ seq: e.seq, type: e.type, reason });
  }
  return { events, unreadable };
}
