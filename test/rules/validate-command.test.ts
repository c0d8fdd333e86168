import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

describe('npm run validate', () => {
  it('passes the repository and prints the documented JSON shape', () => {
    const run = runCli(['validate', '--format', 'json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toEqual({
      format_version: 1,
      rules: [
        {
          path: 'rules/windows/credential_access_multiple_logon_failures_for_one_account.toml',
          rule_id: '5b1c4f0e-3a6d-4c2e-9f57-8e2d7a4b6c10',
          name: 'Multiple Logon Failures for One Account',
          valid: true,
          findings: expect.any(Array),
        },
        {
          path: 'rules/windows/credential_access_sam_registry_hive_saved_with_reg.toml',
          rule_id: '3f8a2c6e-9b41-4d7a-a5e0-6c1d8f2b4e97',
          name: 'SAM Registry Hive Saved with reg.exe',
          valid: true,
          findings: [],
        },
        {
          path: SEED,
          rule_id: '47e22836-4a16-4b35-beee-98f6c4ee9bf2',
          name: 'Suspicious Remote Registry Access via SeBackupPrivilege',
          valid: true,
          findings: expect.any(Array),
        },
        {
          path: 'rules/windows/lateral_movement_remote_registry_access_to_many_hosts.toml',
          rule_id: '9d3c1e42-5b7a-4f06-8c2d-1a6e4b9f7c35',
          name: 'Remote Registry Access to Many Hosts by One Account',
          valid: true,
          findings: [],
        },
      ],
      findings: [],
      summary: { files: 4, valid: 4, invalid: 0, errors: 0, warnings: expect.any(Number) },
    });
  });

  it('exits 1 on a copy of the rule with risk_score = 147, naming its line, in every format', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'validate-'));
    const broken = path.join(dir, 'broken.toml');
    await writeFile(broken, (await readFile(SEED, 'utf8')).replace('risk_score = 47', 'risk_score = 147').replace(/47e22836/g, '57e22836').replace('name = "Suspicious', 'name = "Copied'));
    await copyFile(SEED, path.join(dir, 'seed.toml'));

    const text = runCli(['validate', dir]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${broken}:73:1: error schema.range: rule.risk_score must be <= 100; got 147`);
    expect(text.stdout).toMatch(/2 rule files: 1 valid, 1 invalid; 1 error/);

    const json = JSON.parse(runCli(['validate', dir, '--format', 'json']).stdout) as { rules: { valid: boolean; findings: { code: string; line: number; column: number; field: string }[] }[] };
    expect(json.rules[0]!.findings).toEqual([expect.objectContaining({ code: 'schema.range', severity: 'error', line: 73, column: 1, field: 'rule.risk_score' })]);

    const github = runCli(['validate', dir, '--format', 'github']);
    expect(github.stdout).toContain(`::error file=${broken},line=73,col=1,title=schema.range::rule.risk_score must be <= 100; got 147`);
  });

  it('exits 2 on usage errors', () => {
    expect(runCli(['validate', '--format', 'xml']).status).toBe(2);
    expect(runCli(['validate', '--no-such-option']).status).toBe(2);
    const missing = runCli(['validate', 'no/such/dir']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('no such file or folder: no/such/dir');
  });
});
