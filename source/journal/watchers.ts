// Who watches a run on this host: each `runbook watch` leaves a marker beside the journal
// (`JOURNAL.watchers/HOST-PID`) while it follows, so the driver's header can say "+1
// watching". Not part of the record. A watcher killed with -9 leaves its marker behind; a
// marker whose process is gone is not counted (and is removed by the next count).

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processExists } from './process-alive';

function markerDir(journalPath: string): string {
  return `${journalPath}.watchers`;
}

/** Marks this process as watching the journal; returns how to take the mark away. Never throws. */
export function announceWatcher(journalPath: string): () => void {
  const file = join(markerDir(journalPath), `${hostname()}-${process.pid}`);
  try {
    mkdirSync(markerDir(journalPath), { recursive: true, mode: 0o700 });
    writeFileSync(file, '', { mode: 0o600 });
  } catch {
    // A read-only directory: the watcher is not counted, and watches all the same.
    return () => undefined;
  }
  return () => rmSync(file, { force: true });
}

/** How many processes on this host watch the journal now. */
export function countLocalWatchers(journalPath: string): number {
  let names: string[];
  try {
    names = readdirSync(markerDir(journalPath));
  } catch {
    return 0;
  }
  const host = `${hostname()}-`;
  let n = 0;
  for (const name of names) {
    const pid = name.startsWith(host) ? Number(name.slice(host.length)) : NaN;
    if (!Number.isSafeInteger(pid)) continue;
    if (processExists(pid)) n++;
    else rmSync(join(markerDir(journalPath), name), { force: true });
  }
  return n;
}
