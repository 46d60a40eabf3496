// User mistakes: one line, exit 2, never a stack trace.

export class UsageError extends Error {
  readonly exitCode = 2;
  /** The verb the mistake was made on: printed as `runbook VERB: message`. */
  constructor(
    message: string,
    readonly verb?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad input with a place: `file:line: message` (line omitted when unknown). */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly line: number | null,
    message: string,
  ) {
    super(line === null ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'InputError';
  }
}
