import { describe, it, expect } from 'vitest';
import { classifyFenceContent, commandInCodeSpan, lineReadsAsCommand, type FenceContent } from '../../source/runbook/command-like';
import { SEED_FILES, seedFences, seedLines } from './dialect-seeds';

const S3 = 'sprint-3-checklist.md';

describe('lineReadsAsCommand: every `[ ]` line in the sprint-3 bash fences', () => {
  // 1.5, 4.5, 4.6, "Add … to environment" in 6.6, and "Run smoke tests" in 6.7 are prose.
  const PROSE = new Set([150, 151, 152, 153, 154, 417, 421, 425, 444, 447, 448, 449, 452, 453, 454, 455, 456, 623, 659]);
  const boxes = seedFences(S3)
    .filter((f) => f.lang === 'bash')
    .flatMap((f) =>
      f.text.split('\n').flatMap((text, i) => (text.startsWith('[ ] ') ? [{ line: f.firstLine + i, text: text.slice(4) }] : [])),
    );

  it('finds the seed’s `[ ]` lines', () => {
    expect(boxes.length).toBe(70);
  });

  it.each(boxes.map((b) => [b.line, b.text] as const))('line %i: %s', (line, text) => {
    expect(lineReadsAsCommand(text)).toBe(!PROSE.has(line));
  });

  it('a command over several lines (python -c "…", §5.1) reads as a command', () => {
    const lines = seedLines(S3);
    expect(lineReadsAsCommand(lines.slice(473, 478).join('\n').slice(4))).toBe(true);
  });
});

describe('lineReadsAsCommand: shapes', () => {
  it.each([
    ['$ ls -la', true],
    ['sudo chef-client-disable', true],
    ['./deploy.sh --prod', true],
    ['~/bin/rotate-keys', true],
    ['/usr/local/bin/backup --now', true],
    ['FOO=1 BAR="a b" make deploy', true],
    ['GOVERNANCE_SURFACES_ENABLED=1', true],
    ['backup.sh', true],
    ['echo the build is done', true],
    ['for f in *.sql; do psql -f "$f"; done', true],
    ['make sure the build passes', false],
    ['curl the health endpoint with your token', false],
    ['watch the logs for errors', false],
    ['less than 5 errors per hour', false],
    ['sleep 5', true],
    ['make all', true],
    ['/trace', false],
    ['Run staging smoke tests', false],
    ['', false],
    ['# only a comment', false],
  ])('%j → %s', (text, command) => {
    expect(lineReadsAsCommand(text)).toBe(command);
  });
});

describe('classifyFenceContent: every fence in the five seeds', () => {
  // By content, whatever the label says. Checklist = the fence's `[ ]` lines are mostly prose.
  const EXPECTED: Record<string, Record<number, FenceContent>> = {
    'sprint-3-checklist.md': { 28: 'checklist', 148: 'checklist', 277: 'table', 415: 'checklist', 442: 'checklist', 526: 'prose', 692: 'prose', 767: 'prose' },
    'phase-4-governance-handoff.md': { 84: 'table', 100: 'output', 118: 'table', 189: 'prose', 265: 'prose', 327: 'output', 335: 'output', 347: 'output' },
    'golden-architecture-v5.1-checklist.md': {},
    'sprint-3-deployment-readme.md': { 51: 'checklist' },
    'standard-deployment-checklist.md': { 204: 'config', 214: 'config', 257: 'prose', 267: 'prose' },
  };
  const byLanguage: Record<string, FenceContent> = { bash: 'shell', sql: 'sql' };
  const cases = SEED_FILES.flatMap((file) =>
    seedFences(file).map((f) => {
      const want = EXPECTED[file]?.[f.line] ?? byLanguage[f.lang];
      return [file, f.line, f.lang || '(none)', want, f.text] as const;
    }),
  );

  it('covers all of them', () => {
    expect(cases.length).toBe(79);
    expect(cases.every((c) => c[3] !== undefined)).toBe(true);
  });

  it.each(cases)('%s:%i (%s) → %s', (_file, _line, _lang, want, text) => {
    expect(classifyFenceContent(text)).toBe(want);
  });
});

describe('classifyFenceContent: other shapes', () => {
  it.each([
    ['SELECT 1;', 'sql'],
    ['$ kubectl get pods\nNAME   READY\napi-1  1/1', 'shell'],
    ['{\n  "status": "healthy"\n}', 'config'],
    ['DATABASE_URL=postgres://db/app\nDEBUG=false', 'config'],
    ['[server]\nport = 8080\nhost = "0.0.0.0"', 'config'],
    ['2026-01-21 18:00:01 INFO started\n2026-01-21 18:00:02 ERROR failed', 'output'],
    [' id | status\n----+--------\n  1 | ok\n(1 row)', 'table'],
    ['- [ ] Backup taken\n- [x] Tag pushed', 'checklist'],
    ['Call the on-call engineer.\nWait for the all-clear.', 'prose'],
    ['docker compose logs backend | grep error\nkubectl get pods', 'shell'],
    ['', 'prose'],
  ])('%j → %s', (text, want) => {
    expect(classifyFenceContent(text)).toBe(want);
  });
});

describe('commandInCodeSpan: manual checks in the seeds', () => {
  const spans = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  const check = (file: string, line: number) => {
    const text = seedLines(file)[line - 1] ?? '';
    return commandInCodeSpan(text, spans(text));
  };

  it.each([
    [11, 'sqlite3 production.db ".backup snapshot_2026-01-21_pre-deploy.db"'],
    [12, 'git tag phase4-pre-governance'],
    [13, null],
    [22, null],
    [27, null],
    [225, 'tar czf logs_incident_2026-01-21.tar.gz /var/log/phase1-agent.log*'],
  ])('phase-4 line %i → %j', (line, command) => {
    expect(check('phase-4-governance-handoff.md', line)).toBe(command);
  });

  it.each([
    [10, 'openssl rand -hex 32'],
    [35, 'psql -f migrations/001_initial_schema.sql'],
    [38, null],
    [39, null],
    [40, null],
    [43, null],
    [44, null],
    [57, null],
    [58, null],
    [65, 'python -m messaging.jetstream_setup'],
    [66, 'nats stream ls'],
    [76, 'kubectl create ns golden-architecture'],
    [90, 'docker build -t orchestrator:v5.1 .'],
    [94, 'docker push <registry>/...'],
    [95, 'trivy image <image>'],
    [103, 'kubectl logs -n golden-architecture <pod>'],
    [11, null],
  ])('golden line %i → %j', (line, command) => {
    expect(check('golden-architecture-v5.1-checklist.md', line)).toBe(command);
  });

  it('the brief’s example: Disable chef', () => {
    expect(commandInCodeSpan('Disable chef: `sudo chef-client-disable`', ['sudo chef-client-disable'])).toBe('sudo chef-client-disable');
  });

  it('no spans, no command', () => {
    expect(commandInCodeSpan('Alert ops team', [])).toBeNull();
  });
});
