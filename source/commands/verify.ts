// `runbook verify JOURNAL [--allowed-signers FILE]`: the hash chain, every sign-off's
// chain head, and every SSH signature. Exit 1 on anything that does not hold.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors';
import type { CommandContext } from './context';
import { openRecordedRun } from '../controller';
import { visible } from '../run/terminal-text';

export async function verifyCommand(ctx: CommandContext, args: { journal: string; allowedSigners: string | undefined }): Promise<number> {
  const signers = args.allowedSigners ? resolve(ctx.cwd, args.allowedSigners) : null;
  if (signers && !existsSync(signers)) throw new InputError(args.allowedSigners ?? '', null, 'no such allowed-signers file');
  const run = openRecordedRun(args.journal, ctx.cwd);
  // Names, roles and reasons come from the journal: shown, never obeyed by the terminal.
  const say = (text: string) => ctx.stdout(visible(text));
  try {
    const chain = run.verifyChain();
    let ok = chain.valid;
    if (chain.valid) say(`chain valid: ${chain.events} events, head ${chain.head}\n`);
    else say(`chain BROKEN at event ${chain.firstBad?.seq ?? '?'}: ${chain.firstBad?.reason ?? 'unknown'}\n`);

    const hashes = run.eventHashes();
    const byKey = new Map<string, string[]>();
    const ssh = run.state.signoffs.some((s) => s.signature) ? await import('../executors/ssh-sign') : null;
    for (const so of run.state.signoffs) {
      if (so.refused) {
        say(`refused   ${so.role}: ${so.name} at ${so.at}\n`);
        continue;
      }
      const problems: string[] = [];
      if (!hashes.has(so.chainHead)) problems.push('signed chain head is not in the chain');
      if (!so.statement.includes(so.chainHead)) problems.push('statement does not name the chain head');
      let how = 'chain head only (no SSH signature)';
      if (so.signature && ssh) {
        const result = signers
          ? await ssh.verifySignature({ text: so.statement, signature: so.signature.signature, principal: so.name, allowedSignersFile: signers })
          : await ssh.checkSignatureWithoutSigners({ text: so.statement, signature: so.signature.signature, publicKey: so.signature.publicKey });
        how = `key ${so.signature.keyFingerprint}${signers ? '' : ' (not checked against allowed signers)'}`;
        if (!result.valid) problems.push(`signature invalid: ${result.message}`);
        byKey.set(so.signature.keyFingerprint, [...(byKey.get(so.signature.keyFingerprint) ?? []), so.role]);
      }
      if (problems.length > 0) ok = false;
      say(`${problems.length ? 'INVALID' : 'signed '}   ${so.role}: ${so.name} at ${so.at} · ${how}${problems.length ? ` · ${problems.join('; ')}` : ''}\n`);
    }
    for (const [key, roles] of byKey) {
      if (roles.length > 1) say(`note: ${roles.join(' and ')} were signed with one key (${key})\n`);
    }
    return ok ? 0 : 1;
  } finally {
    run.close();
  }
}
