// Whether this process may still drive the run: with a team store, the run's lease (the
// store/ layer keeps it; the command hands it in). Asked before anything is recorded, from
// memory — never a network round trip on the operator's key — except after a gap in the
// keeper's own timing (the process was frozen), when the store's answer is awaited briefly.

/** What the session asks; `check` throws a JournalError('taken-over') naming who took the run. */
export interface DrivingPermit {
  check(): void;
  /** Before a step runs. */
  confirm(): Promise<void>;
}

export const ALWAYS: DrivingPermit = { check: () => undefined, confirm: () => Promise.resolve() };
