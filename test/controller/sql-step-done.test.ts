// A statement that ran is never recorded as failed for what went wrong after it: with a
// front end whose output listener throws (a terminal write that fails), an INSERT …
// RETURNING on a real SQLite file is recorded done, with a note saying what could not be
// shown, and its rows are committed once. Real controller, real journal, real database.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRuns, startRun } from '../helpers/run-fixture';

afterEach(closeRuns);

const RUNBOOK = `---
title: Shown or not
targets:
  lite: { kind: sqlite, path: ./app.db }
---

# Shown or not

## Phase 1

\`\`\`sql {#insert}
INSERT INTO t (g) VALUES (1), (2), (3) RETURNING g;
\`\`\`
`;

describe('a SQL step whose result cannot be shown', () => {
  it('is done with a note, not failed, and its rows are committed once', async () => {
    const run = startRun(RUNBOOK, {
      prepare: (dir) => {
        const db = new Database(join(dir, 'app.db'));
        db.exec('CREATE TABLE t (g INTEGER)');
        db.close();
      },
    });
    run.ctl.onOutput(() => {
      throw new Error('the terminal went away');
    });
    const result = await run.ctl.run('insert');
    expect(result.status).toBe('done');
    expect(result.message).toBe('statement 1 ran (INSERT 3); its result could not be shown: the terminal went away');

    const finished = run.events().find((e) => e.type === 'step.finished');
    expect(finished?.payload).toMatchObject({ step: 'insert', status: 'done', note: result.message });
    expect(run.ctl.state.steps.insert).toMatchObject({ status: 'done', notes: [result.message] });
    const db = new Database(join(run.dir, 'app.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    db.close();
  });
});
