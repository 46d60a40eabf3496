// The time on screen: ticks once a second for elapsed times and countdowns.

import { useEffect, useState } from 'react';

export function useClock(now: () => Date, intervalMs = 1000): Date {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs]);
  return time;
}
