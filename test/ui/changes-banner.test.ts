// The resumed-run banner's count of changed steps reads as English: "1 step differs", not
// "1 step differ"; and it names each changed step as it now reads, what runs from here.

import { describe, expect, it } from 'vitest';
import type { RunState } from '../../source/run/state';
import { changesLines } from '../../source/ui/components/changes-banner';

const changed = (ids: string[]): RunState => ({ summaries: ids.map((id) => ({ id, title: `echo ${id}` })), steps: {}, changedSteps: ids, outlived: {} }) as unknown as RunState;

describe('the resumed-run banner', () => {
  it('counts the steps the runbook file changed in a sentence that agrees with its number', () => {
    expect(changesLines(changed(['p/one']))[0]?.text).toBe('! The runbook changed since the run began: 1 step differs');
    expect(changesLines(changed(['p/one', 'p/two']))[0]?.text).toBe('! The runbook changed since the run began: 2 steps differ');
  });

  // It named the step by the title the run began with ('~ echo after'), after the operator
  // had accepted the file where it read 'echo changed-after; rm -rf …'.
  it('names a changed step as it reads now, the title it had when the run began below it', () => {
    const now = (id: string) => (id === 'p/one' ? 'echo changed-one; rm -rf /tmp/x' : undefined);
    expect(changesLines(changed(['p/one', 'p/two']), now).map((l) => l.text)).toEqual([
      '! The runbook changed since the run began: 2 steps differ',
      '    ~ echo changed-one; rm -rf /tmp/x  (p/one)',
      '      was: echo p/one',
      '    ~ echo p/two  (p/two)',
    ]);
  });
});
