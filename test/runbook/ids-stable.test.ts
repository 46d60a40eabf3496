// Step, phase and decision ids are what a journal refers to: `resume` matches the runbook
// it re-reads against the ids the journal holds. `fixtures/ids.json` holds the ids every
// runbook in this repository had before ids were made from redacted text; none of those
// steps holds a secret, so every id must stay byte for byte the same.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';

interface Ids {
  phases: string[];
  steps: string[];
  decisions: string[];
}

const REPO = new URL('../../', import.meta.url);
const GOLDEN = JSON.parse(readFileSync(new URL('fixtures/ids.json', import.meta.url), 'utf8')) as Record<string, Ids>;

describe('ids of steps without secrets', () => {
  it('cover every shipped runbook, seed and fixture', () => {
    expect(Object.keys(GOLDEN).length).toBeGreaterThanOrEqual(25);
  });

  it.each(Object.keys(GOLDEN))('%s keeps every id byte for byte', (file) => {
    const rb = parseRunbook(readFileSync(new URL(file, REPO), 'utf8'), { file, sha256: 'x' });
    const ids: Ids = { phases: rb.phases.map((p) => p.id), steps: rb.steps.map((s) => s.id), decisions: rb.decisions.map((d) => d.id) };
    expect(ids).toEqual(GOLDEN[file]);
  });
});
