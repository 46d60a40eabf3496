// A known secret that holds line ends, in a batch that goes on with a private key begun in the
// batch before. Before, the secret made the journal redact the batch a second time, line by
// line, from where the first pass had left the stream: outside the key, so its body was written
// in clear, and so were the secret's lines, each alone no known secret.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedactor } from '../../source/executors/redact';
import { Journal } from '../../source/journal/journal';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-fallback-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a known secret of many lines in a stream inside a private key', () => {
  it('keeps hiding the body of a private key begun in the batch before', () => {
    // A PEM certificate in the environment is a known secret with newlines in it.
    const certificate = 'MIIBsecretcertline1\nMIIBsecretcertline2';
    const body = 'MC4CAQAwBQYDK2VwBCIEIHk2Cq0bVn8vLm3xQ8s0yV1fQd2pT7eZ0hR5uJ9aW3oE';
    const journal = Journal.create(join(dir, 'j.sqlite'), { redact: createRedactor([certificate]) });
    journal.appendOutput('s', 'stdout', '-----BEGIN PRIVATE KEY-----\n');
    journal.commit();
    journal.appendOutput('s', 'stdout', `${body}\n-----END PRIVATE KEY-----\n${certificate}\ndone\n`);
    journal.commit();
    const written = journal.outputLines('s').map((l) => l.text).join('\n');
    expect(written).not.toContain(body);
    expect(written).not.toContain('secretcert');
    expect(written).toContain('done');
    journal.close();
  });
});
