// Opening a journal to read a run (show, list, verify, report, watch): read-only, never locked.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors';
import { Journal } from '../journal/journal';
import type { RunEvent } from '../run/events';
import { replay } from '../run/reducer';
import type { RunState } from '../run/state';

export interface OpenRun {
  journal: Journal;
  events: RunEvent[];
  state: RunState;
}

export function openRunReadonly(path: string, cwd: string): OpenRun {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new InputError(path, null, 'no such journal');
  let journal: Journal;
  try {
    journal = Journal.open(full, { readonly: true });
  } catch (error) {
    throw new InputError(path, null, error instanceof Error ? error.message.replace(`${full}: `, '') : String(error));
  }
  const events = journal.events() as RunEvent[];
  try {
    return { journal, events, state: replay(events) };
  } catch (error) {
    journal.close();
    throw new InputError(path, null, error instanceof Error ? error.message : String(error));
  }
}
