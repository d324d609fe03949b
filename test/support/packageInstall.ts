import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const tsc = (...args: string[]) => run(process.execPath, [require.resolve('typescript/bin/tsc'), ...args], { cwd: ROOT });

/**
 * Reelflow as an example project's `npm install` of `"reelflow": "file:../.."` leaves it: the
 * package built (`npm run build`: dist/, gitignored) and `node_modules/reelflow` a symlink to
 * the repository, so Node, TypeScript and the workflow bundler all resolve `reelflow/workflow`
 * through package.json `exports`, as in a user's project.
 */
export async function installReelflowInto(projectDir: string): Promise<void> {
  await tsc('-p', 'tsconfig.build.json');
  const link = path.join(projectDir, 'node_modules', 'reelflow');
  try {
    lstatSync(link);
  } catch {
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.relative(path.dirname(link), ROOT), link, 'dir');
  }
}

/** The project's own `tsc --noEmit -p <dir>`: its code against the built .d.ts files. */
export async function typecheckProject(projectDir: string): Promise<void> {
  await tsc('--noEmit', '-p', projectDir);
}
