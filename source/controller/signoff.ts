// A sign-off hashes the chain head: what is signed is the run as journaled so far. It
// names the head's event count too, so verify checks the very event signed (an anchor
// held by whoever keeps the signed statement).

import type { Signature, StepContext } from './step-context';

export function signOffStatement(args: { name: string; role: string; title: string; sha256: string; chainHead: string; chainEvents: number; counts: Record<string, number> }): string {
  const counts = Object.entries(args.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return `${args.name} signs off as ${args.role} on the run of "${args.title}" (runbook sha256 ${args.sha256}) at journal chain head ${args.chainHead} (event ${args.chainEvents}); steps so far: ${counts || 'none'}.`;
}

/** Records a sign-off; returns a note when it could not carry an SSH signature. */
export async function recordSignOff(ctl: Pick<StepContext, 'step' | 'state' | 'chainHead' | 'signer' | 'append'>, stepId: string, name: string): Promise<string | null> {
  const step = ctl.step(stepId);
  const role = step?.role ?? step?.title ?? 'Sign-off';
  const counts: Record<string, number> = {};
  for (const s of Object.values(ctl.state.steps)) counts[s.status] = (counts[s.status] ?? 0) + 1;
  const head = ctl.chainHead();
  const chainHead = head.hash;
  const chainEvents = head.events;
  const statement = signOffStatement({ name, role, title: ctl.state.runbook.title, sha256: ctl.state.runbook.sha256, chainHead, chainEvents, counts });
  let signature: Signature | null = null;
  let note: string | null = null;
  if (ctl.signer) {
    try {
      signature = await ctl.signer.sign(statement);
    } catch (error) {
      note = `not SSH-signed: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else {
    note = 'not SSH-signed: no signing key at hand; the sign-off holds the chain head only';
  }
  ctl.append('signoff.recorded', { step: stepId, role, name, chainHead, chainEvents, statement, signature, ...(note ? { signatureNote: note } : {}) });
  return note;
}
