/**
 * Requests Node refuses before they reach the app (malformed HTTP, headers over its 16 KiB limit, a request too slow
 * to arrive) get the same `{ error: { code, message } }` body as every other refusal, not Node's bare status line.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './api-error.js';

const ANSWERS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request headers are larger than 16 KiB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request did not arrive in time'],
};
const MALFORMED: [number, string, string] = [400, 'Bad Request', 'the request is not valid HTTP'];

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: answer only when the socket can take it and no answer has started on it.
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const [status, reason, message] = ANSWERS[err.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify(errorBody('bad_request', message));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
