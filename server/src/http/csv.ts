/** CSV building blocks shared by every export (RFC 4180 quoting, spreadsheet-safe) and the download answer. */
import type { Context } from 'hono';

/**
 * One field: quoted when it must be; a leading =, +, -, @, tab or carriage return (spreadsheets start a formula
 * after the last two as well) is prefixed with ' so it is not run as one.
 */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
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

/**
 * A CSV file made page by page: the header and the first chunk, then each chunk of lines as the source yields it.
 * The first chunk is read before the answer starts, so a query the database refuses (or an outage) is still answered
 * with a JSON error, not a 200 cut off after the header; callers record the export only once this has resolved.
 */
export async function csvStream(header: string, chunks: AsyncGenerator<string>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const first = await chunks.next();
  let opening: string | undefined = first.done ? header : header + first.value;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (opening !== undefined) {
        controller.enqueue(encoder.encode(opening));
        opening = undefined;
        if (first.done) controller.close();
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
