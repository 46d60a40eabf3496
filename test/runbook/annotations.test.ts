import { describe, it, expect } from 'vitest';
import { parseCommentAnnotations, parseDuration, parseFenceAnnotations } from '../../source/runbook/annotations';
import { DialectError } from '../../source/runbook/model';

function errorOf(fn: () => unknown): DialectError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DialectError) return e;
    throw e;
  }
  throw new Error('expected a DialectError');
}

describe('parseFenceAnnotations', () => {
  it('reads the product’s example', () => {
    expect(parseFenceAnnotations(' {#baseline capture=baseline target=govos ok-exit=0,1 follow timeout=30s}', 60)).toEqual({
      id: 'baseline',
      capture: 'baseline',
      target: 'govos',
      'ok-exit': '0,1',
      follow: true,
      timeout: '30s',
    });
  });

  it('no braces → no annotations', () => {
    expect(parseFenceAnnotations('', 1)).toEqual({});
    expect(parseFenceAnnotations(' title="x"', 1)).toEqual({});
  });

  it('reads every known key', () => {
    const meta =
      '{id=after compare=baseline confirm=typed tty idempotent display at=+4h key=table_name rules=count:delta,occurred_at:ignore,total:>=,name:equal plan skip destructive=false name="Baseline counts"}';
    expect(parseFenceAnnotations(meta, 1)).toEqual({
      id: 'after',
      compare: 'baseline',
      confirm: 'typed',
      tty: true,
      idempotent: true,
      display: true,
      at: '+4h',
      key: 'table_name',
      rules: 'count:delta,occurred_at:ignore,total:>=,name:equal',
      plan: true,
      skip: true,
      destructive: false,
      name: 'Baseline counts',
    });
  });

  it('values may be single-quoted; flags may say =true', () => {
    expect(parseFenceAnnotations("{name='Smoke test' follow=true destructive}", 1)).toEqual({ name: 'Smoke test', follow: true, destructive: true });
  });

  it('an unknown key is an error that names the line and lists the known keys', () => {
    const e = errorOf(() => parseFenceAnnotations('{#x foo=1}', 42));
    expect(e.line).toBe(42);
    expect(e.message).toMatch(/^unknown annotation key "foo" \(known: #id, id, capture, compare, target, confirm, timeout, ok-exit/);
  });

  it.each([
    ['{timeout=soon}', /bad value for annotation "timeout": "soon" \(expected a duration/],
    ['{timeout=30}', /"timeout"/],
    ['{ok-exit=0,x}', /"ok-exit"/],
    ['{ok-exit=300}', /"ok-exit"/],
    ['{confirm=yes}', /"confirm": "yes" \(expected "typed"\)/],
    ['{at=1h}', /"at": "1h"/],
    ['{at=+soon}', /"at"/],
    ['{rules=count:sum}', /"rules"/],
    ['{rules=count}', /"rules"/],
    ['{follow=maybe}', /"follow": "maybe" \(expected true or false/],
    ['{capture}', /annotation "capture" needs a value/],
    ['{capture=}', /annotation "capture" needs a value/],
    ['{capture=a b=1}', /unknown annotation key "b"/],
    ['{#a #b}', /annotation "id" is given twice/],
    ['{"quoted"}', /cannot read annotation/],
  ])('%s is an error', (meta, message) => {
    const e = errorOf(() => parseFenceAnnotations(meta, 7));
    expect(e.message).toMatch(message);
    expect(e.line).toBe(7);
  });
});

describe('parseCommentAnnotations', () => {
  it('reads a runbook comment with #id or id=', () => {
    expect(parseCommentAnnotations('<!-- runbook: #rollback-a plan -->', 549)).toEqual({ id: 'rollback-a', plan: true });
    expect(parseCommentAnnotations('<!--runbook: id=monitor at=+1h-->', 3)).toEqual({ id: 'monitor', at: '+1h' });
    expect(parseCommentAnnotations('<!-- runbook:\n  skip\n  name="Old step"\n-->', 3)).toEqual({ skip: true, name: 'Old step' });
  });

  it('other comments are not runbook comments', () => {
    expect(parseCommentAnnotations('<!-- TODO: tidy this -->', 1)).toBeNull();
    expect(parseCommentAnnotations('<!-- runbooks are great -->', 1)).toBeNull();
    expect(parseCommentAnnotations('<div>runbook: x</div>', 1)).toBeNull();
  });

  it('an unknown key in a runbook comment is an error', () => {
    expect(() => parseCommentAnnotations('<!-- runbook: colour=red -->', 9)).toThrow(/unknown annotation key "colour"/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['2d', 172_800_000],
    ['10min', 600_000],
    [' 60s ', 60_000],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'soon', '-5s', '+1h', '5 m', 'm5'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
