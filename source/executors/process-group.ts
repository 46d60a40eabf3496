// A shell step's process group, told apart from whatever gets its pid later: the group's
// id (the shell's pid) with the shell's start time (/proc/PID/stat's starttime, in clock
// ticks since boot) and the boot's id. After a `kill -9` of the runner the group runs on;
// `resume` asks whether it still does before anything could start it a second time.
// Linux /proc only: elsewhere a group is not recorded, and resume cannot tell.

import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessRecord {
  pid: number;
  /** The step has its own process group (every step but a tty one): pgid == pid. */
  group: boolean;
  startTicks: number;
  boot: string | null;
}

interface ProcStat {
  state: string;
  pgrp: number;
  startTicks: number;
}

/** Fields after the command name (which may itself hold spaces and parentheses). */
function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const [state, , pgrp] = fields;
    const startTicks = Number(fields[19]);
    if (state === undefined || pgrp === undefined || !Number.isFinite(startTicks)) return null;
    return { state, pgrp: Number(pgrp), startTicks };
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** What to record of a step's process just started, or null where /proc cannot say. */
export function processRecord(pid: number, group: boolean): ProcessRecord | null {
  const stat = readStat(pid);
  return stat ? { pid, group, startTicks: stat.startTicks, boot: bootId() } : null;
}

/** The pids alive now that belong to the recorded step: its group's members, or its one process. */
export function survivors(record: ProcessRecord): number[] {
  const boot = bootId();
  // Another boot: whatever has the pid now is not ours.
  if (record.boot !== null && boot !== null && record.boot !== boot) return [];
  const ours = (pid: number, stat: ProcStat | null): boolean => {
    if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
    // The leader must be the very process started; any other member started after it.
    return pid === record.pid ? stat.startTicks === record.startTicks : stat.startTicks >= record.startTicks;
  };
  if (!record.group) return ours(record.pid, readStat(record.pid)) ? [record.pid] : [];
  // No process at all in the group (the usual case after a crash): one signal-0 says so,
  // where reading every process's stat takes ms on a busy bastion.
  if (groupIsEmpty(record.pid)) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = readStat(pid);
    if (stat?.pgrp === record.pid && ours(pid, stat)) found.push(pid);
  }
  return found;
}

/** Whether no process is left in process group `pgid` (kill(2) with signal 0 asks without sending). */
function groupIsEmpty(pgid: number): boolean {
  if (!(pgid > 1)) return false;
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    // EPERM: there is a process, another account's: the stat of each still decides.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function isAlive(record: ProcessRecord): boolean {
  return survivors(record).length > 0;
}

function signal(record: ProcessRecord, sig: NodeJS.Signals): void {
  try {
    process.kill(record.group ? -record.pid : record.pid, sig);
  } catch {
    // Gone already.
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to the group, up to `graceMs` for it to go, then SIGKILL: how it ended. Never
 * signals an id whose group is no longer the recorded one (checked before each signal).
 */
export async function stopGroup(record: ProcessRecord, graceMs = 3000, pollMs = 100): Promise<'terminated' | 'killed' | 'gone'> {
  if (!isAlive(record)) return 'gone';
  signal(record, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await pause(pollMs);
    if (!isAlive(record)) return 'terminated';
  }
  if (isAlive(record)) signal(record, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(record); i++) await pause(pollMs);
  return 'killed';
}
