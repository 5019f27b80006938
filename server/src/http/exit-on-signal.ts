/** SIGTERM/SIGINT → run `stop` once (drain, close), then exit 0; exit 1 if stopping fails. */
export function exitOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining requests…`);
    try {
      await stop();
      console.log('stopped cleanly');
      process.exit(0);
    } catch (err) {
      console.error('shutdown failed:', err);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Run as a package script (`pnpm start`), this process sits below the shell pnpm runs scripts in. On SIGTERM
  // (a process manager, `kill <pnpm's pid>`) pnpm signals only that shell, which dies without passing it on; so
  // losing that parent is our SIGTERM. Started any other way (node directly, nohup), the parent is left alone.
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watch);
      void shutdown('SIGTERM');
    }, 250);
    watch.unref();
  }
}
