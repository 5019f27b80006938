/**
 * The dashboard's one way to call the admin API: same-origin fetch with the session cookie, JSON in and out,
 * the CSRF token on unsafe methods, and the server's error shape turned into `ApiFailure`.
 */
/** One problem with a request, by the field it is about (`config.categories[1].id`), as the server lists them. */
export interface FailureDetail {
  path: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FailureDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let csrfToken: string | null = null;

export const SESSION_PATH = '/v1/admin/session';
/** Dispatched on `window` when the server no longer knows the caller. */
export const SESSION_ENDED = 'cg:session-ended';

/** Set after sign-in (and on session restore); sent as `x-csrf-token` on POST/PUT/PATCH/DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function failureOf(res: Response): Promise<ApiFailure> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  const details = Array.isArray(body?.error?.details)
    ? (body.error.details as unknown[]).filter((d): d is FailureDetail => typeof (d as FailureDetail)?.path === 'string' && typeof (d as FailureDetail).message === 'string')
    : [];
  return new ApiFailure(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `the server answered ${res.status}`, details);
}

/** Sends a request (`extra` headers over the defaults); resolves with the response or rejects with `ApiFailure`. */
export async function request(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiFailure(0, 'network', 'the server cannot be reached; check your connection and try again');
  }
  if (!res.ok) {
    // A session that ended (expired, signed out elsewhere, user disabled) asks the user to sign in again; what they
    // were doing did not happen, and the screen says so in its words, not the API's.
    if (res.status === 401 && path !== SESSION_PATH) {
      window.dispatchEvent(new Event(SESSION_ENDED));
      throw new ApiFailure(401, 'unauthorized', 'Not done: your session had ended. Sign in again, then try once more.');
    }
    throw await failureOf(res);
  }
  return res;
}

/** Resolves with the parsed JSON (undefined for 204) or rejects with `ApiFailure`. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Fetches a file (CSV or JSON export) and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request('GET', path, undefined, { accept: '*/*' });
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
