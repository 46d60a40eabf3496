// Reading what the runbook process logged through its benchmark hooks
// (source/bench-hooks.ts): `<epoch ms> <pid> <process CPU ms> <what> <detail>` per line.

import { existsSync, readFileSync } from 'node:fs';

export function readBenchLog(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [at, pid, cpu, what, ...rest] = line.split(' ');
      return { at: Number(at), pid: Number(pid), cpu: Number(cpu), what, detail: rest.join(' ') };
    });
}

export function marks(path, what) {
  return readBenchLog(path).filter((m) => m.what === what);
}

/** Journal commits: duration, events and chunks written, and the seq the chain reached. */
export function commits(path) {
  return marks(path, 'commit').map((m) => {
    const [durationMs, events, chunks, seq] = m.detail.split(' ').map(Number);
    return { at: m.at, durationMs, events, chunks, seq };
  });
}
