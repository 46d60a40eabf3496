// The live output of the running step: chunks go into a ring buffer outside React, and
// the screen re-renders on a timer (at most 10 frames a second), never once per line.

import { useEffect, useRef, useState } from 'react';
import { OutputTail } from '../output-tail';

export type OutputSubscribe = (listener: (step: string, stream: string, chunk: string) => void) => () => void;

export const TAIL_FPS = 10;

export function useLiveTail(subscribe: OutputSubscribe, step: string | null, fps = TAIL_FPS): OutputTail {
  const tail = useRef(new OutputTail()).current;
  const [, setFrame] = useState(0);
  useEffect(() => {
    if (step === null) return;
    tail.reset();
    let drawn = tail.version;
    const off = subscribe((from, _stream, chunk) => {
      if (from === step) tail.push(chunk);
    });
    const timer = setInterval(() => {
      if (tail.version === drawn) return;
      drawn = tail.version;
      setFrame((n) => n + 1);
    }, Math.round(1000 / fps));
    return () => {
      off();
      clearInterval(timer);
    };
  }, [subscribe, step, tail, fps]);
  return tail;
}
