// Finished steps, one line each, printed once above the screen with <Static>: they go
// to the terminal's scrollback (tmux copy mode shows the run so far). Low rate only:
// step output never goes through here.

import { useLayoutEffect, useState } from 'react';
import { Static, Text } from 'ink';
import type { RunState } from '../../run/state';
import { stillToDo } from '../../run/step-status';
import { statusMark, statusTone, useTheme, type Tone } from '../theme';
import { duration, timeOfDay, screenText } from '../text';

export interface TranscriptEntry {
  key: string;
  text: string;
  tone: Tone;
}

/** Append-only: a step that finishes again (re-run) gets a new line. Outlives a remount. */
export class TranscriptLog {
  readonly entries: TranscriptEntry[] = [];
  private readonly seen = new Set<string>();
  /** Entries already printed by an earlier mount of the screen. */
  printed = 0;

  update(state: RunState): void {
    for (const s of state.summaries) {
      const st = state.steps[s.id];
      // A step awaiting its judgment is not finished: it enters once judged.
      if (!st || stillToDo(st)) continue;
      const key = `${s.id}:${st.attempts}:${st.status}:${st.endedAt ?? ''}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const took = st.durationMs !== null ? ` · ${duration(st.durationMs)}` : '';
      const why = st.skipReason ? ` · ${st.skipReason}` : st.error ? ` · ${st.error}` : '';
      // A title, a reason or an error is other people's text: its controls spelled out.
      this.entries.push({ key, text: screenText(`${statusMark(st.status)} ${st.endedAt ? timeOfDay(st.endedAt) : '--:--:--'} ${s.title} · ${st.status}${took}${why}`), tone: statusTone(st.status) });
    }
  }
}

export function Transcript({ log }: { log: TranscriptLog }) {
  const theme = useTheme();
  const [from] = useState(() => log.printed);
  const items = log.entries.slice(from);
  useLayoutEffect(() => {
    log.printed = Math.max(log.printed, log.entries.length);
  });
  return (
    <Static items={items}>
      {(entry) => (
        <Text key={entry.key} wrap="truncate-end" color={theme.tone(entry.tone)}>
          {entry.text}
        </Text>
      )}
    </Static>
  );
}
