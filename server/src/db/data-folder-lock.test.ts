import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.js';
import { DataFolderLockedError, LOCK_FILE } from './data-folder-lock.js';

let root: string;
let folder: string;
const opened: Database[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-lock-'));
  folder = join(root, 'pglite');
});
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  rmSync(root, { recursive: true, force: true });
});

async function open(): Promise<Database> {
  const database = await openDatabase({ dataDir: folder });
  opened.push(database);
  return database;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('embedded database: one process per data folder', () => {
  it('refuses a second open of the same folder, naming the folder, the holder and what to do', async () => {
    await open();
    expect(readFileSync(join(folder, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    const second = openDatabase({ dataDir: folder });
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(second).rejects.toThrow(`the embedded database in ${folder} is in use by process ${process.pid}`);
    await expect(second).rejects.toThrow(/Stop that process .* or set DATABASE_URL to use PostgreSQL/);
  });

  it('opens again after close, with the data still there', async () => {
    const first = await open();
    await first.migrate();
    await first.close();
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    const again = await open();
    await again.migrate();
    await again.ping();
  });

  it('takes over a lock left by a process that is gone', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, LOCK_FILE), `${deadPid()}\n`);
    await open();
    expect(readFileSync(join(folder, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  });

  it('takes over a lock with this process\'s pid that this process does not hold (a restarted container)', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, LOCK_FILE), `${process.pid}\n`);
    await open();
    await expect(openDatabase({ dataDir: folder })).rejects.toBeInstanceOf(DataFolderLockedError);
  });

  it('makes `pnpm cg` in another process exit non-zero with the message while the folder is open', async () => {
    await open();
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'site', 'list'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, CG_DATA_DIR: root, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toContain(`error: the embedded database in ${folder} is in use by process ${process.pid}`);
  });

  it('leaves memory:// databases alone', async () => {
    const a = await openDatabase({ dataDir: 'memory://' });
    const b = await openDatabase({ dataDir: 'memory://' });
    await a.close();
    await b.close();
  });
});
