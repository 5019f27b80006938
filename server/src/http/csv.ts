/** CSV building blocks shared by every export (RFC 4180 quoting, spreadsheet-safe) and the download answer. */
import type { Context } from 'hono';

/** One field: quoted when it must be; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula. */
function csvField(text: string): string {
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line of fields, with its CRLF line break. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A CSV file as a download (never cached: exports hold current, often personal, data). */
export function csvResponse(c: Context, filename: string, body: string | ReadableStream<Uint8Array>): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
}

/** A CSV file made page by page: the header first, then each chunk of lines as the source yields it. */
export function csvStream(header: string, chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(header));
        return;
      }
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
