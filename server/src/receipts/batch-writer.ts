/**
 * Micro-batching receipt writer: signs and stores. Requests hand their receipt to `write()`; receipts that arrive
 * while a batch is being written wait and go together in the next one. When no batch is in flight a receipt is
 * written at once, so a lone request waits no longer than one statement; more batches run at the same time (up to
 * `maxConcurrent`) only while enough receipts are waiting. A promise resolves only after the statement that stored its
 * receipt committed: a 201 always means "stored".
 *
 * Each batch is signed once: its receipts are the leaves of a Merkle tree (receipt-tree.ts) whose head one
 * Ed25519 JWS signs, and every receipt is stored with that JWS and its inclusion proof.
 *
 * A batch is ONE SQL statement (one round trip, atomic, no BEGIN/COMMIT): the whole batch travels as a single
 * jsonb parameter, so the SQL text never changes (prepared once per connection) and Node builds no per-row query.
 * The statement
 *   0. sets aside receipts that reach it more than MAX_STORE_DELAY_MS after their request arrived (refused: 503),
 *   1. registers subjects not seen before (the first receipt of a subject sets its secret hash),
 *   2. keeps only receipts whose subject secret matches the stored (or just registered) hash,
 *   3. inserts those ON CONFLICT DO NOTHING (idempotent on (site_id, receipt_id), also across instances),
 *   4. returns, per input row, the subject's hash, whether its receipt id was inserted now, and the stored receipt
 *      if one already existed.
 * A row whose outcome the statement's snapshot cannot decide (a subject or receipt committed by a concurrent
 * statement after ours started) simply goes into the next batch, which sees it (and signs it again, in that batch).
 */
import { timingSafeEqual } from 'node:crypto';
import type { ReceiptClaims, ReceiptProof, SignedReceipt } from '@consentgate/shared';
import type { Database } from '../db/client.js';
import { DatabaseUnavailableError, withDeadline } from '../db/unavailable.js';
import type { SigningKeys } from '../signing/keys.js';
import { buildReceiptTree, proofJson, receiptLeafHash, treeHeadPayload } from '../signing/receipt-tree.js';
import { ROLLUP_LAG_MS } from '../stats/rollup.js';

export interface ReceiptToStore {
  claims: ReceiptClaims;
  /** canonicalJson(claims): the tree leaf; stored as the claims column. */
  payload: string;
  secretHash: string;
}

export type WriteOutcome =
  /** Stored now, signed by `signature` (the batch's JWS) with this inclusion proof (JSON of a ReceiptProof). */
  | { kind: 'created'; signature: string; proof: string }
  /** A receipt with this id was stored before (or by a concurrent request); this is the stored one. */
  | { kind: 'existing'; receipt: SignedReceipt }
  | { kind: 'secret_mismatch' };

interface Job {
  item: ReceiptToStore;
  /** receiptLeafHash(item.payload), made once even when the job is retried. */
  leaf: Buffer;
  attempts?: number;
  resolve(outcome: WriteOutcome): void;
  reject(err: unknown): void;
}

/**
 * Receipts waiting beyond this many are refused at once (503) rather than queued: the database is not keeping up
 * or not answering, and the browser keeps them in its outbox meanwhile.
 */
const MAX_WAITING = 10_000;

/** Receipts that must be waiting before a second batch is written beside one in flight. */
const PARALLEL_BATCH_MIN = 24;

/**
 * A receipt is stored only if it reaches the database within this time of its request's arrival (its serverTime,
 * by the database's clock); a later one is refused (its request has had its 503 long before, and the browser sends it
 * again). So no receipt commits behind the stats rollup's mark, which stays ROLLUP_LAG_MS (twice this) behind the
 * clock: one waiting out a stuck database or a network partition would otherwise be stored but never counted.
 */
export const MAX_STORE_DELAY_MS = ROLLUP_LAG_MS / 2;

const keyOf = (siteId: string, id: string) => `${siteId}\u0000${id}`;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ReceiptBatchWriter {
  private queue: Job[] = [];
  private inFlight = 0;
  /** Committed batches and the receipts they carried (for the ingest benchmark's batch-size figure). */
  private batches = 0;
  private receipts = 0;
  private idleWaiters: Array<() => void> = [];
  private lateWarnedAt = 0;

  constructor(
    private readonly database: Database,
    private readonly keys: SigningKeys,
    private readonly maxBatch: number,
    /** Batches committed at the same time (one connection each). */
    private readonly maxConcurrent = 1,
    /**
     * A receipt not committed within this time is answered as unavailable (503): a database that stopped answering
     * without closing the connection (a network partition) would otherwise hold requests open indefinitely. The
     * receipt stays queued and may still be stored; the browser's retry then gets the stored one (200).
     */
    private readonly timeoutMs = 10_000,
  ) {}

  write(item: ReceiptToStore): Promise<WriteOutcome> {
    if (this.queue.length >= MAX_WAITING) {
      return Promise.reject(new DatabaseUnavailableError(`${this.queue.length} receipts are already waiting for the database`));
    }
    const stored = new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ item, leaf: receiptLeafHash(item.payload), resolve, reject });
      this.pump();
    });
    return withDeadline(stored, this.timeoutMs, `the database did not store the receipt within ${this.timeoutMs} ms`);
  }

  stats(): { batches: number; receipts: number } {
    return { batches: this.batches, receipts: this.receipts };
  }

  /** Resolves once every receipt handed in so far has been committed or failed. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.maxConcurrent && this.queue.length > 0) {
      // Beside a batch in flight, another starts only once PARALLEL_BATCH_MIN receipts wait. Every statement costs
      // PostgreSQL a fixed ≈ 0.3 ms of CPU, so a second batch of a handful is waste; but with one batch at a time
      // PostgreSQL idles while the server answers the batch that came back. From ≈ 24 waiting on, overlapping pays
      // (bench:ingest: ≈ 10 % more receipts/s than waiting for 64), and it helps when commits are slow.
      if (this.inFlight > 0 && this.queue.length < Math.min(this.maxBatch, PARALLEL_BATCH_MIN)) break;
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
    let signed: SignedBatch;
    try {
      signed = await this.sign(batch);
      results = await this.runStatement(batch, signed);
    } catch (err) {
      for (const job of batch) job.reject(err);
      return;
    }
    this.batches++;
    this.receipts += batch.length;
    const byIdx: Array<BatchRow | undefined> = [];
    for (const row of results) byIdx[row.idx] = row;
    // `created` says the statement inserted this (site, receipt id); of several copies in one batch the first one
    // with the right secret is the inserted one, the others are repeats of it.
    const insertedBy = new Map<string, number>();
    batch.forEach((job, idx) => {
      const row = byIdx[idx];
      const { item } = job;
      if (!row) return this.retry(job);
      if (row.late && row.existing === null) {
        this.warnLate(item.claims.serverTime);
        return job.reject(new DatabaseUnavailableError(`receipt ${item.claims.receiptId} reached the database too late to be stored`));
      }
      if (row.subject_hash === null) {
        // No subject, yet the receipt id is taken: stored for another subject (the route answers 409). Else the subject
        // was registered by a concurrent statement our snapshot does not see yet: the next batch will.
        return row.existing !== null ? job.resolve({ kind: 'existing', receipt: parseExisting(row.existing) }) : this.retry(job);
      }
      if (!sameSecret(row.subject_hash, item.secretHash)) return job.resolve({ kind: 'secret_mismatch' });
      if (row.created) {
        const key = keyOf(item.claims.siteId, item.claims.receiptId);
        const first = insertedBy.get(key);
        if (first === undefined) {
          insertedBy.set(key, idx);
          return job.resolve({ kind: 'created', signature: signed.signature, proof: signed.proofs[idx] as string });
        }
        const proof = JSON.parse(signed.proofs[first] as string) as ReceiptProof;
        return job.resolve({ kind: 'existing', receipt: { ...(batch[first] as Job).item.claims, signature: signed.signature, proof } });
      }
      if (row.existing !== null) return job.resolve({ kind: 'existing', receipt: parseExisting(row.existing) });
      // Stored by a concurrent statement our snapshot does not see yet: the next batch will.
      return this.retry(job);
    });
  }

  /** Once a minute at most: with a server clock behind the database's, every receipt would be refused this way. */
  private warnLate(serverTime: string): void {
    const now = Date.now();
    if (now - this.lateWarnedAt < 60_000) return;
    this.lateWarnedAt = now;
    console.warn(
      `[consentgate] receipts reach the database more than ${MAX_STORE_DELAY_MS / 1000} s after their requests arrived ` +
        `(one from ${serverTime} by this server's clock) and are refused with 503: the database was stuck, or this ` +
        "server's clock is behind the database's",
    );
  }

  private retry(job: Job): void {
    job.attempts = (job.attempts ?? 0) + 1;
    if (job.attempts > 5) {
      job.reject(new Error(`receipt ${job.item.claims.receiptId} could not be stored after concurrent writes`));
      return;
    }
    this.queue.push(job);
  }

  /** One signature for the whole batch: the JWS of its tree head, and each receipt's inclusion proof. */
  private async sign(batch: Job[]): Promise<SignedBatch> {
    const signer = await this.keys.signer();
    const tree = buildReceiptTree(batch.map((job) => job.leaf));
    return {
      signature: signer.sign(treeHeadPayload(tree.root, batch.length, new Date())),
      kid: signer.kid,
      proofs: tree.paths.map((path, index) => proofJson(index, path)),
    };
  }

  private async runStatement(batch: Job[], signed: SignedBatch): Promise<BatchRow[]> {
    // Each receipt travels once, as its canonical payload with its secret hash and proof; the statement takes
    // every column from it. Built by concatenation: the parts are already JSON.
    let input = '[';
    batch.forEach(({ item }, idx) => {
      if (idx > 0) input += ',';
      input += `{"h":${JSON.stringify(item.secretHash)},"p":${signed.proofs[idx] as string},"c":${item.payload}}`;
    });
    return this.database.preparedQuery<BatchRow>(BATCH_SQL, [`${input}]`, signed.signature, signed.kid]);
  }
}

interface SignedBatch {
  signature: string;
  kid: string;
  /** JSON of each receipt's ReceiptProof, in batch order. */
  proofs: string[];
}

/**
 * The whole batch in one statement; $1 is the batch as a jsonb array of {h: secret hash, p: proof, c: claims},
 * $2 the batch's JWS and $3 its key id; idx is the position in the batch. Existing subjects and receipts are looked
 * up only for the rows that need it (a returning subject, a repeated receipt id), one primary-key probe each, as
 * scalar subqueries: a join would let the prepared statement's generic plan, made once per connection, hash-join
 * the whole table — chosen while a fresh database is small, then kept, so every batch read the entire receipts
 * table until the next ANALYZE. A subject is registered only by a receipt whose id is not taken: a repeat of a stored
 * id under another subject (answered 409) leaves no subject behind.
 */
const BATCH_SQL = `
      with input as (
        select (t.n - 1)::integer as idx, t.e->>'h' as secret_hash, t.e->'p' as proof,
               c->>'siteId' as site_id, (c->>'receiptId')::uuid as receipt_id, (c->>'subjectId')::uuid as subject_id,
               (c->>'serverTime')::timestamptz as created_at, (c->>'policyVersion')::integer as policy_version,
               (c->>'method')::consent_method as method, (c->>'collection')::collection_point as collection,
               (c->>'gpc')::boolean as gpc, c->'categories' as categories, c as claims,
               (c->>'serverTime')::timestamptz < clock_timestamp() - interval '${MAX_STORE_DELAY_MS} milliseconds' as late
        from jsonb_array_elements($1::text::jsonb) with ordinality as t(e, n),
             lateral (select t.e->'c' as c) as x
      ),
      new_subjects as (
        insert into subjects (site_id, id, secret_hash)
        select distinct on (site_id, subject_id) site_id, subject_id, secret_hash from input i
        where not i.late
          and (select r.receipt_id from receipts r where r.site_id = i.site_id and r.receipt_id = i.receipt_id) is null
        order by site_id, subject_id, idx
        on conflict do nothing
        returning site_id, id, secret_hash
      ),
      known as (
        select i.*, coalesce(n.secret_hash,
                   (select s.secret_hash from subjects s where s.site_id = i.site_id and s.id = i.subject_id)) as subject_hash
        from input i left join new_subjects n on n.site_id = i.site_id and n.id = i.subject_id
      ),
      inserted as (
        insert into receipts (site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc,
                              categories, claims, signature, proof, kid)
        select distinct on (site_id, receipt_id) site_id, receipt_id, subject_id, created_at, policy_version, method,
               collection, gpc, categories, claims, $2::text, proof, $3::text
        from known where subject_hash = secret_hash and not late
        order by site_id, receipt_id, idx
        on conflict do nothing
        returning site_id, receipt_id
      )
      select k.idx,
             k.late,
             k.subject_hash,
             i.receipt_id is not null as created,
             case when i.receipt_id is null and (k.subject_hash = k.secret_hash or k.subject_hash is null) then
               (select r.claims || jsonb_build_object('signature', r.signature)
                       || case when r.proof is null then '{}'::jsonb else jsonb_build_object('proof', r.proof) end
                from receipts r where r.site_id = k.site_id and r.receipt_id = k.receipt_id)
             end as existing
      from known k left join inserted i on i.site_id = k.site_id and i.receipt_id = k.receipt_id`;

const parseExisting = (existing: SignedReceipt | string): SignedReceipt =>
  typeof existing === 'string' ? (JSON.parse(existing) as SignedReceipt) : existing;

interface BatchRow {
  idx: number;
  /** The receipt reached the database more than MAX_STORE_DELAY_MS after its request arrived, and was not stored. */
  late: boolean;
  subject_hash: string | null;
  created: boolean;
  /** The stored receipt (claims, signature and proof) when one with this id existed before. */
  existing: SignedReceipt | string | null;
}
