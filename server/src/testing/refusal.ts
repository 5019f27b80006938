/** The database's own message for a refused statement (drizzle wraps it as the cause), or 'not refused'. */
export async function refusal(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return cause?.message ?? (err as Error).message;
  }
  return 'not refused';
}
