// Which step of the edited file is which step of the run (run/step-matching.ts). An id made
// from a step's text changes with the text; the run must still know the step, so an edit
// reads as a change (was / now) and not as one step removed and another added.

import { describe, expect, it } from 'vitest';
import { alike, matchSteps, type MatchStep } from '../../source/run/step-matching';

/** A step without `{#id}`: its id is its section and its text, its digest its text. */
const step = (text: string, id = `p/${text.replace(/\W+/g, '-')}`): MatchStep => ({ id, digest: `#${text}`, title: text });
const renames = (then: MatchStep[], now: MatchStep[]) => Object.fromEntries(matchSteps(then, now));

describe('matching the file’s steps with the run’s', () => {
  it('a typo fixed in a step keeps the run’s id; the steps around it keep theirs', () => {
    const then = [step('echo one'), step('echo two'), step('echo three')];
    const now = [step('echo one'), step('echo two fixed'), step('echo three')];
    expect(renames(then, now)).toEqual({ 'p/echo-two-fixed': 'p/echo-two' });
  });

  it('the same file, or ids all unchanged, renames nothing', () => {
    const steps = [step('echo one'), step('echo two')];
    expect(renames(steps, steps)).toEqual({});
    expect(renames(steps, [step('echo one'), { ...step('echo two'), digest: '#timeout added' }])).toEqual({});
  });

  it('editing the first of two equal steps leaves the second its -2, not the first one’s id', () => {
    const then = [step('restart', 'p/restart'), step('health', 'p/health'), step('restart', 'p/restart-2'), step('health', 'p/health-2')];
    // As ids.ts numbers them now: the unedited twin is the first `health` left, so it is p/health.
    const now = [step('restart', 'p/restart'), step('health -f', 'p/health-f'), step('restart', 'p/restart-2'), step('health', 'p/health')];
    expect(renames(then, now)).toEqual({ 'p/health-f': 'p/health', 'p/health': 'p/health-2' });
  });

  it('a step removed in one place and another added elsewhere stay removed and added', () => {
    const then = [step('a'), step('b'), step('c')];
    const now = [step('a'), step('c'), step('d')];
    expect(renames(then, now)).toEqual({});
  });

  it('where a place holds more steps than before, the one whose title reads alike is the edited one', () => {
    const then = [step('echo one'), step('systemctl restart api'), step('echo three')];
    const now = [step('echo one'), step('curl -fsS localhost/health'), step('systemctl restart api.service'), step('echo three')];
    expect(renames(then, now)).toEqual({ 'p/systemctl-restart-api-service': 'p/systemctl-restart-api' });
    // And with nothing alike there, nothing is paired: one removed, two added.
    expect(renames(then, [step('echo one'), step('curl -fsS localhost/health'), step('date'), step('echo three')])).toEqual({});
  });

  it('a step the file moved into another section keeps its id (its content is found once)', () => {
    const then = [step('a', 'p/a'), step('b', 'p/b'), step('c', 'q/c')];
    const now = [step('b', 'p/b'), step('c', 'q/c'), step('a', 'q/a')];
    expect(renames(then, now)).toEqual({ 'q/a': 'p/a' });
  });

  it('an explicit {#id} is the author’s word: it pairs with that id only, whatever the content', () => {
    const then = [{ ...step('echo x'), id: 'first' }, { ...step('echo y'), id: 'second' }];
    // The author swapped the commands of their two ids.
    const now = [
      { ...step('echo y'), id: 'first', explicit: true },
      { ...step('echo x'), id: 'second', explicit: true },
    ];
    expect(renames(then, now)).toEqual({});
  });

  it('a step the run began under an id holding a credential keeps it (an earlier build’s id)', () => {
    const then = [step('echo one'), { ...step('PGPASSWORD=redacted psql'), id: 'p/pgpassword-hunter2-psql' }];
    const now = [step('echo one'), { ...step('PGPASSWORD=redacted psql'), id: 'p/pgpassword-redacted-psql' }];
    expect(renames(then, now)).toEqual({ 'p/pgpassword-redacted-psql': 'p/pgpassword-hunter2-psql' });
  });

  it('an added step whose own id the run gives to another step gets an id of its own', () => {
    const then = [step('a'), step('health'), step('c')];
    // `health` edited in place, and another `health` (with a timeout) added at the end: ids.ts names that one p/health.
    const now = [step('a'), step('health -f'), step('c'), { ...step('health'), digest: '#health {timeout=5s}' }];
    expect(renames(then, now)).toEqual({ 'p/health-f': 'p/health', 'p/health': 'p/health-2' });
  });

  it('titles alike: a typo or a word added reads alike, another command does not', () => {
    expect(alike('echo two', 'echo two fixed')).toBeGreaterThanOrEqual(0.5);
    expect(alike('sytemctl restart app', 'systemctl restart app')).toBeGreaterThan(0.8);
    expect(alike('echo two', 'pg_dump -Fc prod')).toBeLessThan(0.5);
    expect(alike('', '')).toBe(1);
  });
});
