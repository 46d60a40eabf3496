// The resumed-run banner's count of changed steps reads as English: "1 step differs", not
// "1 step differ".

import { describe, expect, it } from 'vitest';
import type { RunState } from '../../source/run/state';
import { changesLines } from '../../source/ui/components/changes-banner';

const changed = (ids: string[]): RunState => ({ summaries: ids.map((id) => ({ id, title: `echo ${id}` })), steps: {}, changedSteps: ids, outlived: {} }) as unknown as RunState;

describe('the resumed-run banner', () => {
  it('counts the steps the runbook file changed in a sentence that agrees with its number', () => {
    expect(changesLines(changed(['p/one']))[0]?.text).toBe('! The runbook changed since the run began: 1 step differs');
    expect(changesLines(changed(['p/one', 'p/two']))[0]?.text).toBe('! The runbook changed since the run began: 2 steps differ');
  });
});
