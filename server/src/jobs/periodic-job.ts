/**
 * A background job inside the server: a first round soon after start (so a server that was down catches up), then
 * one every `intervalMs` (0 turns it off). Rounds never overlap; a failed round is logged and the next one tries
 * again. Timers are unref'd, so they never keep the process alive.
 */
export interface PeriodicJob {
  /** Stops the timer and waits for a running round to finish. */
  stop(): Promise<void>;
}

export function startPeriodicJob(name: string, intervalMs: number, firstDelayMs: number, round: () => Promise<unknown>): PeriodicJob {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return; // a long round is still going
    running = round()
      .catch((err: unknown) => {
        if (!stopped) console.error(`[consentgate] ${name} failed:`, err);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const first = setTimeout(tick, Math.min(intervalMs, firstDelayMs));
  first.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
