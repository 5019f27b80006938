/**
 * `pnpm start`: builds widget and dashboard, then runs the demo server in this very process.
 *
 * One process, not `pnpm build && pnpm --filter … start`: pnpm runs a script in a shell and passes a SIGTERM only
 * to that shell, which dies of it, and the server further down would never hear of it. Directly below pnpm's
 * shell, the server notices the shell is gone and drains as on SIGTERM (exitOnSignal).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
