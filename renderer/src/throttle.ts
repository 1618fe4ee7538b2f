/**
 * Leading-edge throttle: the first call runs at once, later calls within `intervalMs` of the last
 * run are dropped. Used for `activity:typing`, which only needs to say "still typing" now and then.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now): (run: () => void) => boolean {
  let last: number | null = null;
  return (run) => {
    const t = now();
    if (last !== null && t - last < intervalMs) return false;
    last = t;
    run();
    return true;
  };
}
