// Builds run events by hand for the pure reducer tests: a run is just its events.

import type { RunEvent, RunEventMap, RunEventType, StepSummary } from '../../source/run/events';

export function eventFactory(start = Date.parse('2026-11-23T10:00:00Z')) {
  let seq = 0;
  return function event<K extends RunEventType>(type: K, payload: RunEventMap[K], secondsLater = 1): RunEvent {
    seq++;
    return { seq, at: new Date(start + seq * secondsLater * 1000).toISOString(), type, payload } as RunEvent;
  };
}

export function summary(id: string, extra: Partial<StepSummary> = {}): StepSummary {
  return { id, kind: 'shell', title: id, line: 1, phase: 'p1', plan: null, digest: id, ...extra };
}

export const identity = { operator: 'ana', user: 'ana', sudoUser: null, sshClient: '10.0.0.9', tmux: 'deploy', screen: null, host: 'bastion-1', pid: 4242 };

export function started(steps: StepSummary[]): RunEventMap['run.started'] {
  return {
    runbook: { file: '/r/deploy.md', sha256: 'abc', title: 'Deploy' },
    source: '# Deploy',
    steps,
    phases: [{ id: 'p1', title: 'Phase 1' }, { id: 'p2', title: 'Phase 2' }],
    operator: 'ana',
    identity,
    rehearse: false,
    targets: [],
    cwd: '/tmp',
  };
}
