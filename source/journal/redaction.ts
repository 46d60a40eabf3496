// How the journal redacts an event's payload before it is hashed or written: every
// string, keys aside (they are structure). Ids and the like get the caller's structural
// redaction, so a step id in one event still equals the same id in the next event and in
// the output rows, which are keyed by it.

/**
 * Applied to every payload string and every output line before it is hashed or written.
 * `structural`, when given, is applied instead to the values of STRUCTURAL_KEYS (ids,
 * statuses, names, digests): the caller's lighter redaction for values other events and
 * the output rows refer to by equality.
 */
export interface Redaction {
  (text: string): string;
  structural?: (text: string) => string;
}

/** Payload keys whose values are ids, enums, names or digests rather than free text. */
const STRUCTURAL_KEYS = new Set([
  'step', 'id', 'kind', 'phase', 'plan', 'tree', 'from', 'to', 'name', 'status', 'state', 'stream',
  'changed', 'added', 'removed', 'digest', 'baselineDigest', 'sha256', 'hash', 'chainHead',
  'statement', 'signature', 'publicKey', 'keyFingerprint', 'dueAt', 'dueAfter',
]);

/** The payload with every string redacted: structural values (and arrays of them) one way, free text the other. */
export function redactPayload(raw: unknown, structural: boolean, redact: Redaction): unknown {
  const value = raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON: () => unknown }).toJSON() : raw;
  if (typeof value === 'string') return structural && redact.structural ? redact.structural(value) : redact(value);
  if (Array.isArray(value)) return value.map((v: unknown) => redactPayload(v, structural, redact));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = redactPayload(v, STRUCTURAL_KEYS.has(key), redact);
    return out;
  }
  return value;
}
