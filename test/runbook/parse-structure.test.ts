// The walk, phases, plans, reference and display-only fences, on small inline runbooks.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const fence = (lang: string, ...lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');

describe('phases and information pages', () => {
  it('makes an H2 with steps (also in its subsections) a phase, and one without an information page', () => {
    const rb = parse('# Title\n\n## Overview\n\nSome words.\n\n## Deploy\n\n### 1.1 Ship\n\n- [ ] ship it\n');
    expect(rb.phases).toEqual([{ id: 'deploy', title: 'Deploy', line: 7 }]);
    expect(rb.steps[0]).toMatchObject({ phase: 'deploy', section: '1.1 Ship', id: '1-1-ship/ship-it' });
  });

  it('takes the title from the H1, and from the front matter over it', () => {
    expect(parse('# From heading\n\n- [ ] x\n').title).toBe('From heading');
    expect(parse('---\ntitle: From front matter\n---\n# From heading\n\n- [ ] x\n').title).toBe('From front matter');
  });

  it('puts steps written before the first phase into a preamble phase', () => {
    const rb = parse('# T\n\n- [ ] Announce the window\n\n## Go\n\n- [ ] x\n');
    expect(rb.phases.map((p) => p.id)).toEqual(['preamble', 'go']);
    expect(rb.steps[0]?.phase).toBe('preamble');
  });

  it('reads a file with several H1 headings as one phase per H1', () => {
    const rb = parse('# Before\n\n- [ ] a\n\n# During\n\n- [ ] b\n');
    expect(rb.phases.map((p) => p.title)).toEqual(['Before', 'During']);
  });
});

describe('reference sections', () => {
  it.each(['Appendix A: Commands', 'Quick Reference', 'Useful Commands for Ops', 'Emergency Contacts', 'Documentation Links', 'Escalation Path', 'Contact & Support'])(
    '"%s" is reference: its code is shown, never run',
    (heading) => {
      const rb = parse(`# T\n\n## Go\n\n- [ ] x\n\n## ${heading}\n\n${fence('bash', 'kubectl delete ns prod')}\n\n- [ ] not a step here\n`);
      expect(rb.steps.map((s) => s.title)).toEqual(['x']);
      expect(rb.reference).toEqual([{ title: heading, line: 7 }]);
      expect(rb.displayOnly.map((d) => d.line)).toEqual([9]);
    },
  );
});

describe('display-only fences', () => {
  it('shows a fence introduced by a label such as Expected Migration, Example or Sample output', () => {
    for (const label of ['**Expected Migration:**', '**Example:**', 'Sample output:', '**Expected output:**']) {
      const rb = parse(`# T\n\n## Go\n\n${label}\n\n${fence('sql', 'DROP TABLE x;')}\n\n- [ ] x\n`);
      expect(rb.steps.map((s) => s.kind)).toEqual(['manual']);
      expect(rb.displayOnly[0]).toMatchObject({ line: 7, lang: 'sql', label: label.replace(/\*/g, '').replace(/:$/, '') });
    }
  });

  it('shows fences in other languages (yaml, json, python) with their language', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('yaml', 'replicas: 3')}\n\n${fence('json', '{"a": 1}')}\n\n${fence('python', 'import os', 'print(os.getcwd())')}\n\n- [ ] x\n`);
    expect(rb.displayOnly.map((d) => [d.line, d.lang])).toEqual([
      [5, 'yaml'],
      [9, 'json'],
      [13, 'python'],
    ]);
    expect(rb.warnings).toEqual([]);
  });

  it('shows a plain fence that reads as output or prose, and says how to make it exact', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('', 'Issues encountered:', '', 'Resolution steps:')}\n\n- [ ] x\n`);
    expect(rb.displayOnly[0]).toMatchObject({ line: 5, lang: null });
    expect(rb.warnings).toEqual([{ line: 5, message: 'unlabelled fence read as prose, shown not run; add ```text to make it exact' }]);
  });
});

describe('plans', () => {
  it('makes sections named as rollback plans or procedures plans, after the walk', () => {
    const rb = parse(
      `# T\n\n## Deploy\n\n- [ ] ship\n\n## Rollback Procedure\n\n${fence('bash', 'git revert HEAD')}\n\n## Verify\n\n- [ ] verified\n`,
    );
    expect(rb.plans).toEqual([{ id: 'rollback-procedure', title: 'Rollback Procedure', line: 7 }]);
    expect(rb.steps.map((s) => [s.title, s.plan])).toEqual([
      ['ship', null],
      ['verified', null],
      ['git revert HEAD', 'rollback-procedure'],
    ]);
    expect(rb.phases.map((p) => p.id)).toEqual(['deploy', 'verify']);
  });

  it('makes each part of a rollback heading a plan of its own', () => {
    const rb = parse(
      `# T\n\n## Go\n\n- [ ] x\n\n## Rollback Procedures\n\n### Rollback Plan A: Code\n\n${fence('bash', 'git revert HEAD')}\n\n### Full Rollback (Nuclear Option)\n\n${fence('bash', 'docker compose down')}\n`,
    );
    expect(rb.plans.map((p) => p.id)).toEqual(['rollback-plan-a-code', 'full-rollback-nuclear-option']);
  });

  it('makes a section annotated plan a plan', () => {
    const rb = parse('# T\n\n## Go\n\n- [ ] x\n\n<!-- runbook: plan -->\n## Hotfix path\n\n- [ ] patch\n');
    expect(rb.plans.map((p) => p.id)).toEqual(['hotfix-path']);
    expect(rb.steps[1]?.plan).toBe('hotfix-path');
  });
});
