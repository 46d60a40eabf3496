// How the journal redacts an event's payload before it is hashed or written: every
// string, keys aside (they are structure). What the run reads back from its own journal
// and compares (step ids, the working directory, the runbook's path, the driver's account)
// gets the caller's shape-only redaction, so an id in one event still equals the same id
// in the next event, in the output rows keyed by it, and in the runbook the run walks.

/**
 * Applied to every payload string and every output line before it is hashed or written.
 * `readBack`, when given, is applied instead to the values of READ_BACK_KEYS, and
 * `structural` to those of STRUCTURAL_KEYS; `stream` gives one redactor per output stream
 * of a step (a private key's body followed from one batch to the next).
 */
export interface Redaction {
  (text: string): string;
  structural?: (text: string) => string;
  shapes?: (text: string) => string;
  stream?: () => (text: string) => string;
}

/**
 * Payload keys whose values the run reads back and compares, or that are enums and
 * digests: ids of steps, phases, plans and trees; names of inputs and baselines; paths;
 * the driver's account and host; the boot a process ran in.
 */
const READ_BACK_KEYS = new Set([
  'step', 'id', 'kind', 'phase', 'plan', 'tree', 'from', 'to', 'name', 'status', 'state', 'stream',
  'changed', 'added', 'removed', 'relaxed', 'keptStrict', 'digest', 'baselineDigest', 'sha256', 'hash', 'chainHead',
  'dueAt', 'dueAfter', 'file', 'cwd', 'operator', 'user', 'sudoUser', 'host', 'boot', 'location',
]);

/** Signed text and key material: known secrets as written, no derived forms (they would cut a digest apart). */
const STRUCTURAL_KEYS = new Set(['statement', 'signature', 'publicKey', 'keyFingerprint']);

/** Events whose `name` is what someone typed (who signed), not a name from the runbook: free text. */
const TYPED_NAME = new Set(['signoff.recorded', 'signoff.refused']);

type KeyClass = 'free' | 'structural' | 'readBack';

/** The payload of a `type` event with every string redacted, each by its key's class. */
export function redactPayload(raw: unknown, redact: Redaction, type = ''): unknown {
  return redactValue(raw, 'free', redact, TYPED_NAME.has(type));
}

function classOf(key: string, typedName: boolean): KeyClass {
  if (key === 'name' && typedName) return 'free';
  if (READ_BACK_KEYS.has(key)) return 'readBack';
  return STRUCTURAL_KEYS.has(key) ? 'structural' : 'free';
}

function redactValue(raw: unknown, keyClass: KeyClass, redact: Redaction, typedName: boolean): unknown {
  const value = raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON: () => unknown }).toJSON() : raw;
  if (typeof value === 'string') {
    if (keyClass === 'readBack' && redact.shapes) return redact.shapes(value);
    if (keyClass !== 'free' && redact.structural) return redact.structural(value);
    return redact(value);
  }
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, keyClass, redact, typedName));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = redactValue(v, classOf(key, typedName), redact, typedName);
    return out;
  }
  return value;
}
