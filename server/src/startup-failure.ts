/**
 * Ends a start that cannot go on (a bad setting, an unreachable or missing database, a held data folder) with the
 * reason in one line per cause, not a stack trace: the operator needs to know what to change.
 */
export function exitWithStartupError(err: unknown): never {
  const reasons: string[] = [];
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    // Drivers put the failed SQL on the lines after the first; the first says what went wrong.
    reasons.push(message.split('\n')[0]!);
    current = current instanceof Error ? current.cause : undefined;
  }
  console.error(`error: ${reasons[0]}`);
  for (const reason of reasons.slice(1)) console.error(`  because: ${reason}`);
  process.exit(1);
}
