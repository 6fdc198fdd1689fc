/** A clock that ticks once a second, for elapsed time, ETA and "3 min ago". */
import { useEffect, useState } from 'react';

export function useClock(now: () => number, intervalMs = 1000): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs]);
  return time;
}
