// Mounting the driving screen over a real run, and reading what the journal recorded.

import { RunDriver, type Hangup } from '../../source/ui/screens/run-driver';
import { initialScreen, type ScreenState } from '../../source/ui/screens/screen-state';
import type { DriverExit } from '../../source/ui/screens/intent-deps';
import type { RunEvent, RunEventMap, RunEventType } from '../../source/run/events';
import { renderScreen, type Screen } from '../helpers/frames';
import { noHangup, type TestRun } from '../helpers/run-fixture';

export function mountDriver(
  run: TestRun,
  options: { size?: { columns: number; rows: number }; initial?: ScreenState; splitPager?: (step: string) => boolean; hangup?: Hangup } = {},
): { screen: Screen; exits: DriverExit[] } {
  const exits: DriverExit[] = [];
  const screen = renderScreen(
    <RunDriver
      ctl={run.ctl}
      initial={options.initial ?? initialScreen({ warning: null, changes: false })}
      transcript={null}
      hangup={options.hangup ?? noHangup}
      splitPager={options.splitPager ?? (() => false)}
      onExit={(e) => exits.push(e)}
    />,
    options.size ?? { columns: 80, rows: 24 },
  );
  return { screen, exits };
}

export function eventsOf<K extends RunEventType>(run: TestRun, type: K): RunEventMap[K][] {
  return run
    .events()
    .filter((e): e is Extract<RunEvent, { type: K }> => e.type === type)
    .map((e) => e.payload as RunEventMap[K]);
}

export const FULL = `---
title: Full Demo
inputs:
  db_password: { prompt: Database password, secret: true }
  commit_sha: { prompt: Commit SHA, pattern: "^[0-9a-f]{7,40}$" }
---
# Full Demo

## Phase 1: Prepare

Database password: ____

Commit SHA: ____

- [ ] Announce the deploy in #ops

\`\`\`bash
echo "deploying \${commit_sha}"
\`\`\`

## Phase 2: Change

\`\`\`bash
echo migrating; exit 3
\`\`\`

\`\`\`bash
rm -rf ./scratch
\`\`\`

## Phase 3: Decide

### Rollback Decision

- Is the app healthy?
  - Yes → [Phase 4](#phase-4-finish)
  - No → [Rollback Plan A](#rollback-plan-a-undo)

### Rollback Plan A: Undo

\`\`\`bash
echo rolling back
\`\`\`

\`\`\`bash
rm -rf ./undo-me
\`\`\`

## Phase 4: Finish

\`\`\`bash
echo all good
\`\`\`
`;
