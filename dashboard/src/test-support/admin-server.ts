/**
 * Vitest global setup: starts admin-server-main.ts (the real ConsentGate app and database) as a child process and
 * hands its address and seeded data to the tests. Each test file points happy-dom's location at it, so the dashboard
 * talks to it same-origin, cookies and CSRF included, as in a browser. The server runs in its own Node process so
 * it loads exactly as in production, outside the test DOM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { AdminServerInfo } from './admin-server-info.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export default async function setup(project: TestProject) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'admin-server-main.ts')], {
    cwd: here,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<AdminServerInfo>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /READY (\{.*\})\n/.exec(out)?.[1];
      if (line) resolve(JSON.parse(line) as AdminServerInfo);
    });
    child.once('exit', (code) => reject(new Error(`the test server exited (${code}) before it was ready: ${out}`)));
  });
  project.provide('adminServer', info);
  return () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}
