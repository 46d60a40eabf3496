// One error type for everything that can go wrong with a journal file, so the CLI
// can print one line (naming the file) and pick an exit code from `kind`.

export type JournalErrorKind =
  | 'exists' // create() on a path that is already there
  | 'missing' // open() on a path that is not there
  | 'unreadable' // the file cannot be opened or read
  | 'not-a-journal' // not SQLite, or SQLite but not a runbook journal
  | 'newer-format' // written by a newer runbook
  | 'read-only' // a write on a journal opened read-only
  | 'locked' // another live process drives this run
  | 'busy' // another process kept the file's write lock too long
  | 'closed' // used after close()
  | 'conflict' // another process appended behind our back (driven twice)
  | 'damaged' // the chain does not verify, or is behind its anchor: not written to
  | 'taken-over' // the team store's lease went to another driver: this process records nothing more
  | 'write-failed'; // disk full, I/O error, permissions

export class JournalError extends Error {
  readonly kind: JournalErrorKind;
  readonly path: string;

  /** `cause`: the error underneath (an SQLite error with its code), for callers that act on it. */
  constructor(kind: JournalErrorKind, path: string, detail: string, cause?: unknown) {
    super(`${path}: ${oneLine(detail)}`, cause === undefined ? undefined : { cause });
    this.name = 'JournalError';
    this.kind = kind;
    this.path = path;
  }

  /** Bad input (exit 2) unless the file failed under a run that was going (exit 1). */
  get exitCode(): number {
    return this.kind === 'write-failed' || this.kind === 'conflict' || this.kind === 'busy' ? 1 : 2;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
