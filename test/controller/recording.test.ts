import { describe, expect, it } from 'vitest';
import { frameCommit } from '../../source/controller/recording';
import { JournalError } from '../../source/journal/journal';
import type { Step } from '../../source/runbook/model';

const step = { id: 'p/deploy' } as Step;

/** The per-frame commit of a streaming step whose journal refuses `error`: what the operator is told. */
function told(error: JournalError): string[] {
  const said: string[] = [];
  const commit = frameCommit({ commit: () => { throw error; }, emitOutput: (_step, _stream, text) => said.push(text) }, step);
  commit();
  commit();
  return said;
}

describe('a journal that stops taking writes while a step streams', () => {
  it('says once that the output waits in memory when the disk is full', () => {
    const said = told(new JournalError('write-failed', '/j.sqlite', 'disk full'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('kept in memory until it can');
  });

  it('promises nothing of the kind when the run was taken over: this host records nothing more', () => {
    // Before: "kept in memory until it can … until it is recorded", then the run stopped anyway.
    const said = told(new JournalError('taken-over', '/j.sqlite', 'taken over by bob (bob@bastion-2)'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('taken over by bob (bob@bastion-2): this host records nothing more of the run');
    expect(said[0]).not.toContain('until it can');
  });
});
