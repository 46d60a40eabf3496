// The front matter resume compares (run/runbook-changes.ts): read as the parser reads it,
// so a change the run would act on is never missed for the shape the file is written in.

import { describe, expect, it } from 'vitest';
import { rawFrontMatter } from '../../source/runbook/front-matter-raw';
import { withoutFrontMatter } from '../../source/runbook/front-matter-fences';

describe('rawFrontMatter', () => {
  it('reads runbook keys at the top of YAML front matter', () => {
    expect(rawFrontMatter('---\nshell: bash\nenv: { A: "1" }\n---\n# T\n')).toEqual({ shell: 'bash', env: { A: '1' } });
  });

  it('reads the keys under runbook: as the parser does, beside the site keys', () => {
    expect(rawFrontMatter('---\nweight: 3\nrunbook:\n  targets:\n    db: { kind: sqlite, path: ./a.db }\n---\n# T\n')).toEqual({
      weight: 3,
      targets: { db: { kind: 'sqlite', path: './a.db' } },
    });
  });

  it("reads Hugo's TOML front matter's keys", () => {
    expect(rawFrontMatter('+++\nshell = "sh"\nweight = 3\n+++\n# T\n')).toEqual({ shell: 'sh', weight: 3 });
  });

  it.each([
    ['no front matter', '# T\n\nText\n'],
    ['a list, not a map', '---\n- a\n- b\n---\n# T\n'],
    ['YAML that does not parse', '---\nenv: [unclosed\n---\n# T\n'],
    ['no closing line', '---\nshell: bash\n# T\n'],
  ])('is empty for %s', (_, source) => {
    expect(rawFrontMatter(source)).toEqual({});
  });
});

describe('withoutFrontMatter', () => {
  it('blanks YAML and TOML front matter alike, keeping every line number', () => {
    expect(withoutFrontMatter('---\na: 1\n---\n# T')).toBe('\n\n\n# T');
    expect(withoutFrontMatter('+++\na = 1\n+++\n# T')).toBe('\n\n\n# T');
    expect(withoutFrontMatter('# T\n')).toBeNull();
  });
});
