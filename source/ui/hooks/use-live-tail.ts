// The live output of the running step: chunks go into a ring buffer outside React, and
// the screen re-renders on a timer (at most 10 frames a second), never once per line.

import { useEffect, useRef, useState } from 'react';
import { OutputTail } from '../output-tail';

export type OutputSubscribe = (listener: (step: string, stream: string, chunk: string) => void) => () => void;

export const TAIL_FPS = 10;

export function useLiveTail(subscribe: OutputSubscribe, step: string | null, fps = TAIL_FPS): OutputTail {
  const tail = useRef(new OutputTail()).current;
  const [, setFrame] = useState(0);
  // Listening all along: a step's first lines come before React has drawn it as running
  // (a listener added then would miss them). One step runs at a time; a new one starts afresh.
  useEffect(
    () =>
      subscribe((from, _stream, chunk) => {
        if (tail.step !== from) {
          tail.reset();
          tail.step = from;
        }
        tail.push(chunk);
      }),
    [subscribe, tail],
  );
  useEffect(() => {
    if (step === null) {
      // The step ended: what it printed is read from the journal from now on, and a re-run
      // starts with an empty tail.
      tail.reset();
      tail.step = null;
      return;
    }
    let drawn = -1;
    const timer = setInterval(() => {
      if (tail.version === drawn) return;
      drawn = tail.version;
      setFrame((n) => n + 1);
    }, Math.round(1000 / fps));
    return () => clearInterval(timer);
  }, [step, tail, fps]);
  return tail;
}
