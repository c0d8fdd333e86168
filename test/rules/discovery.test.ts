// One file-discovery rule for every command (issue 13): links followed with loop detection, files
// that are not regular files reported instead of read, every file read with a bounded read.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../scripts/rules/load.js';
import { runCli } from '../support/run-cli.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const SEED_TEST = 'test/rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.test.yaml';
const SEED_NAME = path.basename(SEED);

async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'discovery-'));
  await mkdir(path.join(dir, 'rules'));
  await mkdir(path.join(dir, 'elsewhere'));
  return dir;
}

const codesByFile = (findings: { file: string; code: string }[]) => findings.map((f) => [f.file, f.code]);

describe('symbolic links', () => {
  it('a linked rule file and a linked rule folder are loaded, each real file once', async () => {
    const dir = await scratch();
    await copyFile(SEED, path.join(dir, 'elsewhere', SEED_NAME));
    await symlink(path.join(dir, 'elsewhere', SEED_NAME), path.join(dir, 'rules', 'linked.toml'));
    const alone = await loadRules([path.join(dir, 'rules')]);
    expect(alone.files).toEqual([path.join(dir, 'rules', 'linked.toml')]);
    expect(alone.rules).toHaveLength(1);

    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'rules', 'folder'));
    const both = await loadRules([path.join(dir, 'rules')]);
    // The same real file through two links is one rule, under the first path in sorted order.
    expect(both.files).toEqual([path.join(dir, 'rules', 'folder', SEED_NAME)]);
    expect(both.findings).toEqual([]);
  });

  it('validate sees a linked rule (it used to say "0 rule files" and exit 0)', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'elsewhere', 'broken.toml'), (await readFile(SEED, 'utf8')).replace('risk_score = 47', 'risk_score = 147'));
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'rules', 'windows'));
    const run = runCli(['validate', path.join(dir, 'rules')]);
    expect(run.stdout).toContain('1 rule file: 0 valid, 1 invalid');
    expect(run.status).toBe(1);
  });

  it('a link back into a folder being walked is a finding, not an endless walk', async () => {
    const dir = await scratch();
    await copyFile(SEED, path.join(dir, 'rules', SEED_NAME));
    await mkdir(path.join(dir, 'rules', 'sub'));
    await symlink('..', path.join(dir, 'rules', 'sub', 'up'));
    const loaded = await loadRules([path.join(dir, 'rules')]);
    expect(loaded.files).toEqual([path.join(dir, 'rules', SEED_NAME)]);
    expect(codesByFile(loaded.findings)).toEqual([[path.join(dir, 'rules', 'sub', 'up'), 'load.symlink-loop']]);
  });

  it('a broken link named like a rule is a finding on that file', async () => {
    const dir = await scratch();
    await symlink('missing.toml', path.join(dir, 'rules', 'gone.toml'));
    const loaded = await loadRules([path.join(dir, 'rules')]);
    expect(loaded.findings).toMatchObject([{ file: path.join(dir, 'rules', 'gone.toml'), code: 'load.read', message: expect.stringMatching(/symbolic link to a file that does not exist/) }]);
  });

  it('test:rules finds a linked test folder as validate finds a linked rule folder', async () => {
    const dir = await scratch();
    await mkdir(path.join(dir, 'rules', 'windows'));
    await copyFile(SEED, path.join(dir, 'rules', 'windows', SEED_NAME));
    await mkdir(path.join(dir, 'elsewhere', 'windows'), { recursive: true });
    await copyFile(SEED_TEST, path.join(dir, 'elsewhere', 'windows', path.basename(SEED_TEST)));
    await mkdir(path.join(dir, 'test'));
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'test', 'rules'));
    const run = runCli(['test-rules', '--require-tests', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { summary: { cases: number; failed: number; rules_without_tests: number } };
    expect(report.summary.rules_without_tests).toBe(0);
    expect(report.summary.cases).toBeGreaterThan(0);
    expect(run.status).toBe(0);
  });
});

describe('files that are not regular files', () => {
  it('a FIFO named x.toml is load.not-a-file at once, with the other rules intact', async () => {
    const dir = await scratch();
    await copyFile(SEED, path.join(dir, 'rules', SEED_NAME));
    execFileSync('mkfifo', [path.join(dir, 'rules', 'x.toml')]);
    const started = performance.now();
    const run = runCli(['validate', path.join(dir, 'rules'), '--format', 'json']);
    expect(performance.now() - started).toBeLessThan(20_000);
    const report = JSON.parse(run.stdout) as { rules: { path: string; findings: { code: string; severity: string }[] }[] };
    expect(report.rules.map((rule) => [path.basename(rule.path), rule.findings.filter((e) => e.severity === 'error').map((e) => e.code)])).toEqual([
      [SEED_NAME, []],
      ['x.toml', ['load.not-a-file']],
    ]);
    expect(run.status).toBe(1);
  });

  it('a link to /dev/zero is refused without reading it', async () => {
    const dir = await scratch();
    await symlink('/dev/zero', path.join(dir, 'rules', 'zero.toml'));
    const loaded = await loadRules([path.join(dir, 'rules')]);
    expect(loaded.findings).toMatchObject([{ code: 'load.not-a-file', message: expect.stringMatching(/is a device, not a regular file/) }]);
  });
});
