/**
 * One process per embedded data folder. PGlite keeps the whole database in the memory of the process that opened
 * it and writes it back on its own schedule, so a second process on the same folder (the CLI while the server runs)
 * would see stale data and its writes would be lost. The lock is a file in the folder, created with O_EXCL and
 * holding the owner's pid; a lock whose process is gone (a crash, a kill -9) is stale and taken over. It is released
 * on close and, as a last resort, when the process exits.
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'consentgate.lock';

export class DataFolderLockedError extends Error {
  constructor(
    readonly folder: string,
    /** Undefined when the holder has not written its pid yet. */
    readonly pid: number | undefined,
    readonly lockFile: string,
  ) {
    const holder = pid === undefined ? 'another process' : `process ${pid}`;
    super(
      `the embedded database in ${folder} is in use by ${holder} (PGlite allows one process per data folder). ` +
        'Stop that process (e.g. the server started with `pnpm start`) and try again, or set DATABASE_URL to use ' +
        `PostgreSQL, which many processes can share. If ${holder} is not ConsentGate, delete ${lockFile}.`,
    );
    this.name = 'DataFolderLockedError';
  }
}

export interface DataFolderLock {
  readonly lockFile: string;
  /** Removes the lock file (only if it is still this process's). Idempotent. */
  release(): void;
}

/** Lock files held by this process: the same pid in a file not listed here is a leftover of an earlier process. */
const held = new Set<string>();

/** Takes the folder's lock or throws DataFolderLockedError naming the process that holds it. */
export function lockDataFolder(folder: string): DataFolderLock {
  const dir = resolve(folder);
  const lockFile = join(dir, LOCK_FILE);
  // Two rounds: the second follows the removal of a stale lock. Losing that round to another process means it holds
  // the lock now, which is reported like any other holder.
  for (let round = 0; round < 2; round++) {
    if (create(lockFile)) {
      held.add(lockFile);
      const onExit = () => release();
      const release = () => {
        if (!held.delete(lockFile)) return;
        process.off('exit', onExit);
        if (readHolder(lockFile)?.pid === process.pid) unlinkSync(lockFile);
      };
      process.on('exit', onExit);
      return { lockFile, release };
    }
    const holder = readHolder(lockFile);
    if (!holder) continue; // vanished in between: try again
    if (holder.pid !== undefined && isLive(holder.pid, lockFile)) throw new DataFolderLockedError(dir, holder.pid, lockFile);
    if (holder.pid === undefined && Date.now() - holder.mtimeMs < 2_000) {
      // Just created by another process that has not written its pid yet.
      throw new DataFolderLockedError(dir, undefined, lockFile);
    }
    removeIfSame(lockFile, holder.ino);
  }
  const holder = readHolder(lockFile);
  throw new DataFolderLockedError(dir, holder?.pid, lockFile);
}

function create(lockFile: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface Holder {
  pid: number | undefined;
  ino: number;
  mtimeMs: number;
}

function readHolder(lockFile: string): Holder | undefined {
  let fd: number;
  try {
    fd = openSync(lockFile, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { ino, mtimeMs } = fstatSync(fd);
    const text = readFileSync(fd, 'utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : undefined;
    return { pid, ino, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function isLive(pid: number, lockFile: string): boolean {
  // Our own pid: held by this process (a second open here), or left by an earlier process that had the same pid
  // (a container restarted with a persistent volume).
  if (pid === process.pid) return held.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the stale lock file, unless another process replaced it meanwhile. */
function removeIfSame(lockFile: string, ino: number): void {
  try {
    if (statSync(lockFile).ino === ino) unlinkSync(lockFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
