// Whether a process of this host is still there: a lock's holder, a watcher's marker; and
// when the host last booted, before which no process of now was running.

import { readFileSync } from 'node:fs';

/** It runs (EPERM: it exists, just not ours to signal); a zombie waiting to be reaped does not. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  return !isZombie(pid);
}

/**
 * A process killed with -9 whose parent has not reaped it yet (a zombie: state Z) still
 * answers kill(pid, 0), but it will never write again: its lock is free to take over.
 * Only Linux says so cheaply (/proc); elsewhere a live pid counts as alive.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S …": comm may hold spaces or parentheses, so the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** When this host last booted (ms since the epoch): /proc/stat's btime; null where /proc cannot say. */
export function bootedAt(): number | null {
  try {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
    return btime === undefined ? null : Number(btime) * 1000;
  } catch {
    return null;
  }
}
