import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { RunbookError } from '../../source/runbook/model';

const parse = (text: string) => parseRunbook(text, { file: 'x.md', sha256: '0' });

describe('the signature annotation', () => {
  it('makes a comment-only sql fence a schema-signature step', () => {
    const rb = parse('# T\n\n## Phase 1: Before\n\n```sql {#schema capture=schema signature=public}\n-- Schema signature before\n```\n');
    const step = rb.steps.find((s) => s.id === 'schema');
    expect(step).toMatchObject({ kind: 'sql', title: 'Schema signature before', annotations: { capture: 'schema', signature: 'public' } });
    expect(step?.statements).toEqual([]);
  });

  it('still leaves a comment-only sql fence without it out of the walk', () => {
    expect(() => parse('# T\n\n## P\n\n```sql\n-- nothing to run\n```\n')).toThrow(RunbookError);
  });

  it('needs a schema name', () => {
    expect(() => parse('# T\n\n## P\n\n```sql {signature}\n-- x\n```\n')).toThrow(/signature/);
  });
});
