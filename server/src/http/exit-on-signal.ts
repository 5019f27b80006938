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
}
