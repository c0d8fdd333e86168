// The JavaScript build users run (bin/cli.mjs → dist/): it answers as the TypeScript sources do,
// and a source changed since the build is rebuilt before anything runs, never run stale.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { build, CURRENT } from '../../bin/build.mjs';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { repositoryChecks } from '../../scripts/rules/repository-checks.js';
import { validateRules } from '../../scripts/rules/validate.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'cli.mjs'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
const currentBuild = (): { build: string; inputs: Record<string, string> } => JSON.parse(readFileSync(CURRENT, 'utf8'));

it('validates as the sources do, and rebuilds when a source changed since the build', async () => {
  await build();
  const first = currentBuild();
  expect(Object.keys(first.inputs)).toContain('scripts/cli.ts');

  const run = cli('validate', '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const inProcess = await validateRules(['rules'], await repositoryChecks());
  expect(JSON.parse(run.stdout).summary).toEqual(inProcess.summary);

  writeFileSync(CURRENT, JSON.stringify({ ...first, inputs: { ...first.inputs, 'scripts/cli.ts': 'changed since' } }));
  const after = cli('eql', 'check', '--query', 'process where process.name == "cmd.exe"');
  expect(after.status).toBe(0);
  expect(after.stdout).toMatch(/ok/);
  expect(currentBuild().build).not.toBe(first.build);
}, 60_000);
