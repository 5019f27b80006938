/** Polls `check` every `pollMs` until it holds, or fails after `timeoutMs` (for state that settles by itself). */
export async function until(check: () => Promise<boolean>, timeoutMs: number, pollMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error('condition not met in time');
}
