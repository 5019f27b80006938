/**
 * Micro-batching receipt writer. Requests hand their signed receipt to `write()`; receipts that arrive while a
 * batch is being written wait and go together in the next one. When no batch is in flight a receipt is written at
 * once, so a lone request waits no longer than one statement. A promise resolves only after the statement that
 * stored its receipt committed: a 201 always means "stored".
 *
 * A batch is ONE SQL statement (one round trip, atomic, no BEGIN/COMMIT): the whole batch travels as a single
 * jsonb parameter, so the SQL text never changes (prepared once per connection) and Node builds no per-row query.
 * The statement
 *   1. registers subjects not seen before (the first receipt of a subject sets its secret hash),
 *   2. keeps only receipts whose subject secret matches the stored (or just registered) hash,
 *   3. inserts those ON CONFLICT DO NOTHING (idempotent on (site_id, receipt_id), also across instances),
 *   4. returns, per input row, the subject's hash, whether this row was inserted, and the stored receipt if one
 *      already existed.
 * A row whose outcome the statement's snapshot cannot decide (a subject or receipt committed by a concurrent
 * statement after ours started) simply goes into the next batch, which sees it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ReceiptClaims, SignedReceipt } from '@consentgate/shared';
import type { Database } from '../db/client.js';

export interface ReceiptToStore {
  claims: ReceiptClaims;
  signature: string;
  kid: string;
  secretHash: string;
}

export type WriteOutcome =
  | { kind: 'created'; receipt: SignedReceipt }
  /** A receipt with this id was stored before (or by a concurrent request); this is the stored one. */
  | { kind: 'existing'; receipt: SignedReceipt }
  | { kind: 'secret_mismatch' };

interface Job {
  item: ReceiptToStore;
  attempts?: number;
  resolve(outcome: WriteOutcome): void;
  reject(err: unknown): void;
}

const keyOf = (siteId: string, id: string) => `${siteId}\u0000${id}`;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ReceiptBatchWriter {
  private queue: Job[] = [];
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly database: Database,
    private readonly maxBatch: number,
    /** Batches committed at the same time (one connection each). */
    private readonly maxConcurrent = 1,
  ) {}

  write(item: ReceiptToStore): Promise<WriteOutcome> {
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once every receipt handed in so far has been committed or failed. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.maxConcurrent && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.queue.length === 0 && this.inFlight === 0) {
          for (const wake of this.idleWaiters.splice(0)) wake();
        }
      });
    }
  }

  private async flush(batch: Job[]): Promise<void> {
    let results: BatchRow[];
    try {
      results = await this.runStatement(batch);
    } catch (err) {
      for (const job of batch) job.reject(err);
      return;
    }
    const byIdx = new Map(results.map((r) => [r.idx, r]));
    const createdByKey = new Map<string, Job>();
    batch.forEach((job, idx) => {
      if (byIdx.get(idx)?.created) createdByKey.set(keyOf(job.item.claims.siteId, job.item.claims.receiptId), job);
    });
    batch.forEach((job, idx) => {
      const row = byIdx.get(idx);
      const { item } = job;
      if (!row || row.subject_hash === null) return this.retry(job);
      if (!sameSecret(row.subject_hash, item.secretHash)) return job.resolve({ kind: 'secret_mismatch' });
      if (row.created) return job.resolve({ kind: 'created', receipt: { ...item.claims, signature: item.signature } });
      if (row.existing_claims !== null && row.existing_signature !== null) {
        const claims = typeof row.existing_claims === 'string' ? (JSON.parse(row.existing_claims) as ReceiptClaims) : row.existing_claims;
        return job.resolve({ kind: 'existing', receipt: { ...claims, signature: row.existing_signature } });
      }
      // A copy of a receipt another row of this same batch inserted.
      const first = createdByKey.get(keyOf(item.claims.siteId, item.claims.receiptId));
      if (first) return job.resolve({ kind: 'existing', receipt: { ...first.item.claims, signature: first.item.signature } });
      return this.retry(job);
    });
  }

  private retry(job: Job): void {
    job.attempts = (job.attempts ?? 0) + 1;
    if (job.attempts > 5) {
      job.reject(new Error(`receipt ${job.item.claims.receiptId} could not be stored after concurrent writes`));
      return;
    }
    this.queue.push(job);
  }

  private async runStatement(batch: Job[]): Promise<BatchRow[]> {
    const input = JSON.stringify(
      batch.map(({ item: r }, idx) => ({
        idx,
        site_id: r.claims.siteId,
        receipt_id: r.claims.receiptId,
        subject_id: r.claims.subjectId,
        secret_hash: r.secretHash,
        created_at: r.claims.serverTime,
        policy_version: r.claims.policyVersion,
        method: r.claims.method,
        collection: r.claims.collection,
        gpc: r.claims.gpc,
        categories: r.claims.categories,
        services: r.claims.services,
        consent_mode: r.claims.consentMode,
        claims: r.claims,
        signature: r.signature,
        kid: r.kid,
      })),
    );
    return this.database.preparedQuery<BatchRow>(BATCH_SQL, [input]);
  }
}

/** The whole batch in one statement; $1 is the batch as a jsonb array. */
const BATCH_SQL = `
      with input as (
        select * from jsonb_to_recordset($1::text::jsonb) as x(
          idx integer, site_id text, receipt_id uuid, subject_id uuid, secret_hash text, created_at timestamptz,
          policy_version integer, method consent_method, collection collection_point, gpc boolean, categories jsonb,
          services jsonb, consent_mode jsonb, claims jsonb, signature text, kid text)
      ),
      new_subjects as (
        insert into subjects (site_id, id, secret_hash)
        select distinct on (site_id, subject_id) site_id, subject_id, secret_hash from input order by site_id, subject_id, idx
        on conflict do nothing
        returning site_id, id, secret_hash
      ),
      known as (
        select site_id, id, secret_hash from new_subjects
        union all
        select s.site_id, s.id, s.secret_hash from subjects s
        where (s.site_id, s.id) in (select site_id, subject_id from input)
      ),
      accepted as (
        select distinct on (i.site_id, i.receipt_id) i.*
        from input i join known k on k.site_id = i.site_id and k.id = i.subject_id and k.secret_hash = i.secret_hash
        order by i.site_id, i.receipt_id, i.idx
      ),
      inserted as (
        insert into receipts (site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc,
                              categories, services, consent_mode, claims, signature, kid)
        select site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc,
               categories, services, consent_mode, claims, signature, kid
        from accepted
        on conflict do nothing
        returning site_id, receipt_id
      )
      select i.idx,
             k.secret_hash as subject_hash,
             exists (select 1 from inserted n join accepted a using (site_id, receipt_id) where a.idx = i.idx) as created,
             r.claims as existing_claims,
             r.signature as existing_signature
      from input i
      left join known k on k.site_id = i.site_id and k.id = i.subject_id
      left join receipts r on r.site_id = i.site_id and r.receipt_id = i.receipt_id`;

interface BatchRow {
  idx: number;
  subject_hash: string | null;
  created: boolean;
  existing_claims: ReceiptClaims | string | null;
  existing_signature: string | null;
}
