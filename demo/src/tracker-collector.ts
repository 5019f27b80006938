/**
 * The demo's stand-in for the trackers' own servers: every hit the stand-in scripts send lands here, so anyone
 * (and the end-to-end tests) can see exactly which tracker ran, when, on which page and whether it had an id.
 */
export interface TrackerHit {
  /** Which stand-in sent it: "etracker", "linkpulse", "whatsapp". */
  tracker: string;
  event: string;
  /** Path of the page the tracker ran on. */
  page: string;
  /** etracker only: "cookies" or "cookieless". */
  mode: string | null;
  /** The pseudonymous id the tracker attached, if any (its cookie value). */
  visitorId: string | null;
  receivedAt: string;
}

/** Keeps the most recent hits in memory (bounded, so a demo left running cannot grow without limit). */
export class TrackerCollector {
  private readonly hits: TrackerHit[] = [];

  constructor(private readonly limit = 1000) {}

  record(params: URLSearchParams): TrackerHit {
    const hit: TrackerHit = {
      tracker: (params.get('t') ?? 'unknown').slice(0, 40),
      event: (params.get('e') ?? 'hit').slice(0, 40),
      page: (params.get('page') ?? '').slice(0, 300),
      mode: params.get('mode')?.slice(0, 20) ?? null,
      visitorId: (params.get('coid') || params.get('uid') || null)?.slice(0, 100) ?? null,
      receivedAt: new Date().toISOString(),
    };
    this.hits.push(hit);
    if (this.hits.length > this.limit) this.hits.splice(0, this.hits.length - this.limit);
    return hit;
  }

  list(): TrackerHit[] {
    return [...this.hits];
  }

  clear(): void {
    this.hits.length = 0;
  }
}
