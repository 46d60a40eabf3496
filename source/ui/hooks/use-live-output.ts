// The live output of the running step: the controller keeps its last lines (the handle's
// outputLines); this hook re-renders the screen on a timer while output arrives (at most
// 10 frames a second), never once per line. Returns a number that changes with each frame.

import { useEffect, useRef, useState } from 'react';
import type { OutputListener } from '../../controller';

export type OutputSubscribe = (listener: OutputListener) => () => void;

export const TAIL_FPS = 10;

export function useLiveOutput(subscribe: OutputSubscribe, step: string | null, fps = TAIL_FPS): number {
  const [frame, setFrame] = useState(0);
  const arrived = useRef(false);
  useEffect(
    () =>
      subscribe(() => {
        arrived.current = true;
      }),
    [subscribe],
  );
  useEffect(() => {
    if (step === null) return;
    const timer = setInterval(() => {
      if (!arrived.current) return;
      arrived.current = false;
      setFrame((n) => n + 1);
    }, Math.round(1000 / fps));
    return () => clearInterval(timer);
  }, [step, fps]);
  return frame;
}
