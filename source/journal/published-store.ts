// The team store a journal was published to, kept in its meta table (`store`), so that a
// run in a store is never driven again without asking the store's lease who drives it —
// resume finds the store there when none is given. Not part of the chain: it says where
// the run is published, not what happened. The value is the store's setting as given: a
// postgres:// URL that holds no password (one that does is refused before this), or
// `env:VAR`; never a password.

import { errorMessage, JournalError } from './errors';
import { openJournalFile } from './open';

export const STORE_META_KEY = 'store';

/** Remembers the store a journal is published to (run, resume, store push with a store). */
export function rememberStore(path: string, setting: string): void {
  const { db, release } = openJournalFile(path, false);
  try {
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(STORE_META_KEY, setting);
  } catch (error) {
    throw new JournalError('write-failed', path, `cannot note the team store in the journal: ${errorMessage(error)}`);
  } finally {
    db.close();
    release();
  }
}

/** The store the journal was published to, or null (never published, or written before this was kept). */
export function rememberedStore(path: string): string | null {
  const { db, release } = openJournalFile(path, true);
  try {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(STORE_META_KEY) as { value: string } | undefined;
    return row?.value ?? null;
  } finally {
    db.close();
    release();
  }
}
