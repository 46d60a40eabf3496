// Issue 14.3: nothing executable disappears silently. Every fence ends up as a step, or shown
// with the reason; a shell step whose text does not parse is shown, never offered to run.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkJson, fixture } from '../helpers/check';
import { tempDir } from '../helpers/cli';

describe('check --json lists every fence with what it became', () => {
  it('says why a fence is not run', async () => {
    const json = await checkJson(fixture('dialect/unparsable.md'));
    expect(json.fences).toEqual([
      { line: 5, lang: 'bash', became: 'step', reason: '```bash fence: 1 shell' },
      { line: 11, lang: 'bash', became: 'display', reason: '```bash fence; does not parse as shell (line 13: unexpected `(`), shown, not run' },
      { line: 19, lang: 'bash', became: 'step', reason: '```bash fence: 1 shell; a command does not parse as shell (line 21: backquote ` never closes), shown, not run' },
    ]);
  });

  it('never offers a command that does not parse, and names the line of the error', async () => {
    const json = await checkJson(fixture('dialect/unparsable.md'));
    expect(json.steps.map((s) => s.command)).toEqual([
      'gcloud compute instances detach-disk <instance_name> --disk <disk_name> --zone <zone_name>',
      'rsync -a /srv/data/ replica:/srv/data/',
    ]);
    expect(json.warnings).toContainEqual({ line: 11, message: 'does not parse as shell (line 13: unexpected `(`); shown, not run — fix it, or add {display} to make it exact' });
    expect(json.displayOnly.map((d) => d.line)).toEqual([11, 21]);
  });

  it('accounts for each fence in the output for a person', async () => {
    const { code, stdout } = await check(fixture('dialect/markdown-details.md'));
    expect(code).toBe(0);
    expect(stdout).toContain('Fences (3): 2 step, 1 output\n');
    expect(stdout).toMatch(/\n {2}L27 +— +output +unlabelled fence reads as output\n/);
  });
});

describe('bash -n is the last judge of syntax', () => {
  it('refuses what the tokenizer let through, with bash’s own words and the file line', async () => {
    const json = await checkJson(fixture('dialect/unparsable-bash.md'));
    expect(json.steps.map((s) => s.line)).toEqual([9]);
    expect(json.warnings).toEqual([
      { line: 5, message: "does not parse as shell (line 6, bash -n: syntax error near unexpected token `fi'); shown, not run — fix it, or add {display} to make it exact" },
    ]);
    expect(json.fences[0]).toEqual({ line: 5, lang: 'bash', became: 'display', reason: "```bash fence; does not parse as shell (line 6, bash -n: syntax error near unexpected token `fi'), shown, not run" });
  });
});

describe('command spans in the text', () => {
  it('are each accounted for: offered by the check they stand in, or shown and never run', async () => {
    const json = await checkJson(fixture('dialect/spans.md'));
    expect(json.spans).toEqual([
      { line: 5, text: 'sudo gitlab-ctl reconfigure', became: 'step', reason: 'offered by the check at line 5' },
      { line: 7, text: 'sudo gitlab-ctl restart puma', became: 'display', reason: 'in the text, not run; write it in a ```bash fence or a - [ ] item to make it a step' },
      { line: 11, text: 'kubectl get pods -n gitlab', became: 'reference', reason: 'under the reference heading "Useful commands"' },
    ]);
    const { stdout } = await check(fixture('dialect/spans.md'));
    expect(stdout).toContain('Commands in the text (3): 1 offered by checks, 2 shown, not run\n  L7    display   sudo gitlab-ctl restart puma\n  L11   reference kubectl get pods -n gitlab\n');
  });
});

describe('bash -n on a runbook of any size', () => {
  // One bash judges every step: the scripts go as an argument when they fit one (Linux caps
  // it at 128 KiB), on stdin when they do not. Both must find the same error.
  const runbook = (steps: number, bytesEach: number) => {
    const body = `echo ${'x'.repeat(bytesEach)}`;
    const fences = Array.from({ length: steps }, (_, i) => `### 1.${i + 1} Step\n\n\`\`\`bash\n${body}\n\`\`\`\n`).join('\n');
    return `# Big\n\n## PHASE 1: All\n\n${fences}\n### 1.${steps + 1} Broken\n\n\`\`\`bash\nif true; then fi\n\`\`\`\n`;
  };

  it('finds the one broken step whether the scripts fit one argument or not', async () => {
    const dir = tempDir('runbook-bash-n-');
    for (const [name, text] of [
      ['small.md', runbook(3, 20)],
      ['large.md', runbook(40, 4_000)],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const json = await checkJson(file);
      const judged = json.warnings.filter((w) => w.message.includes('bash -n'));
      expect(judged.map((w) => w.message.replace(/\(line \d+, /, '(line N, ')), name).toEqual([
        "does not parse as shell (line N, bash -n: syntax error near unexpected token `fi'); shown, not run — fix it, or add {display} to make it exact",
      ]);
      expect(json.steps.length, name).toBe(name === 'small.md' ? 3 : 40);
    }
  });
});
