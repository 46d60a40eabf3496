// A new run's journal name, claimed. Operators in several panes of one bastion (one
// account) can start the same runbook in the same second, and journals are named to the
// second: a name is taken by creating its file, empty and 0600, with O_EXCL, so each run
// gets one of its own and no journal is ever overwritten. The run's journal is then
// created in the file this process claimed (createJournalFile takes the claim).

import { closeSync, fchmodSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError, errorMessage } from './errors';
import { journalName } from './paths';

/** Files this process claimed and has not made journals of yet. */
const claimed = new Set<string>();

/** A new journal's path in dir (which exists): the first free of `<stamp>-<slug>`, -2, -3, … */
export function claimNewJournal(dir: string, runbookTitle: string, now: Date): string {
  for (let n = 1; ; n++) {
    const path = join(dir, journalName(runbookTitle, now, n));
    if (claim(path)) return path;
  }
}

/** True when path is now this process's; false when a file is there already. */
function claim(path: string): boolean {
  if (!createPrivateFile(path)) return false;
  claimed.add(path);
  return true;
}

/**
 * Creates path empty and 0600 from its first byte, whatever the umask (SQLite gives the
 * -wal and -shm files the same mode): false when a file is there already.
 */
export function createPrivateFile(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    fchmodSync(fd, 0o600);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new JournalError('write-failed', path, `cannot create the journal: ${errorMessage(error)}`);
  }
}

/**
 * For createJournalFile: true when path is a file this process claimed and it is still
 * empty, to be written in; the claim is used up either way.
 */
export function takeClaim(path: string): boolean {
  if (!claimed.delete(path)) return false;
  try {
    return statSync(path).size === 0;
  } catch {
    return false;
  }
}

/** A claim the run never made a journal of (it was refused before it started): the empty file goes. */
export function abandonClaim(path: string): void {
  if (takeClaim(path)) rmSync(path, { force: true });
}
