// Runs the real CLI in a child process, as a user would, and captures what it prints.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/project-paths.js';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const result = spawnSync(TSX, [path.join(REPO_ROOT, 'scripts', 'cli.ts'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
