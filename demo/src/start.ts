/**
 * `pnpm start`: builds widget and dashboard, then runs the demo server in this very process.
 *
 * One process, not `pnpm build && pnpm --filter … start`: pnpm runs a script in a shell and passes a SIGTERM only
 * to that shell, which dies of it, and the server further down would never hear of it. Directly below pnpm's
 * shell, the server notices the shell is gone and drains as on SIGTERM (exitOnSignal).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { exitWithStartupError, loadServerConfig } from '@consentgate/server';

/** Refuses a port another process listens on (a second `pnpm start`, most often) before building, not after. */
function portFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use (is ConsentGate already running?): stop it or set PORT`) : error),
      )
      .listen(port, host, () => probe.close(() => resolve()));
  });
}

// A bad setting or a taken port is reported at once, not after the build (which takes a while on a fresh machine).
try {
  const config = loadServerConfig();
  await portFree(config.port, config.host);
} catch (error) {
  exitWithStartupError(error);
}

// npm_execpath: the package manager running this script (a .cjs/.js file run by node, or a standalone binary).
const runner = process.env.npm_execpath;
const [command, args] =
  runner === undefined ? ['pnpm', []] : /\.[cm]?js$/.test(runner) ? [process.execPath, [runner]] : [runner, []];
const build = spawnSync(command, [...args, 'run', 'build'], {
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  stdio: 'inherit',
  shell: runner === undefined,
});
if (build.error) throw build.error;
if (build.status !== 0) process.exit(build.status ?? 1);

await import('./main.js');
