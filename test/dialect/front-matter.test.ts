// Issue 14.1: front matter that belongs to the documentation site is read past, listed once;
// a key that is almost one of runbook's is still an error, with "did you mean".

import { describe, expect, it } from 'vitest';
import { check, checkJson, fixture } from '../helpers/check';

describe('front matter written for a site generator', () => {
  it('opens, keeps the title, and lists the keys it did not read as information, not warnings', async () => {
    const file = fixture('dialect/site-front-matter.md');
    const { code, stdout, stderr } = await check(file);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe('Rotate the replication password');
    expect(stdout).toContain('Front matter for other tools, not read (8)\n  description, weight, menu, summary, tags, owner_slack, layout, date\n');
    expect(stdout).toContain('Warnings: none');
    const json = await checkJson(file);
    expect(json.ignoredFrontMatter.map((k) => k.key)).toEqual(['description', 'weight', 'menu', 'summary', 'tags', 'owner_slack', 'layout', 'date']);
    expect(json.ignoredFrontMatter[0]?.line).toBe(3);
    expect(json.warnings).toEqual([]);
  });

  it('refuses a key that is almost one of runbook’s, naming the line and the key it meant', async () => {
    const { code, stdout, stderr } = await check(fixture('dialect/front-matter-typo.md'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(/front-matter-typo\.md:4: unknown front-matter key "target"; did you mean "targets"\?$/);
  });

  it('reads runbook’s keys under a runbook: mapping and ignores the site’s beside it', async () => {
    const json = await checkJson(fixture('dialect/front-matter-runbook-map.md'));
    expect(json.title).toBe('Site title');
    expect(json.ignoredFrontMatter.map((k) => k.key)).toEqual(['sidebar_position']);
    expect(json.steps.map((s) => s.kind)).toEqual(['shell']);
  });

  it('is strict under runbook:: an unknown key there is an error', async () => {
    const { code, stderr } = await check(fixture('dialect/front-matter-runbook-map-strict.md'));
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/front-matter-runbook-map-strict\.md:5: unknown key "colour" under runbook: \(known: title, targets, shell, cwd, env, inputs\)$/);
  });
});
