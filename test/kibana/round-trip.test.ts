import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { main as exportCommand } from '../../scripts/kibana/export-command.js';
import { main as importCommand } from '../../scripts/kibana/import-command.js';
import { loadRuleFile } from '../../scripts/rules/load.js';
import { runCommandCaptured } from '../command-runner.js';
import { KibanaStandIn } from './kibana-stand-in.js';
import { SEED_RULE, SEED_RULE_ID } from './rule-copies.js';

const API_KEY = 'cm91bmQ6dHJpcA==';
let dir: string;
let kibana: KibanaStandIn;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'round-trip-'));
  kibana = await KibanaStandIn.start({ apiKey: API_KEY });
});
afterEach(async () => {
  await kibana.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY });
const WHOAMI_FILE = 'rules/windows/discovery_whoami_run_by_system.toml';

/** A rule made in Kibana's UI: no meta.repository, so import places it by convention. */
function whoamiRule(ruleId: string): Record<string, unknown> {
  return {
    rule_id: ruleId,
    name: 'Whoami Run by SYSTEM',
    description: 'whoami.exe run as SYSTEM.',
    risk_score: 21,
    severity: 'low',
    type: 'eql',
    language: 'eql',
    query: 'process where process.name == "whoami.exe"',
    index: ['logs-endpoint.events.*'],
    author: ['Security team'],
    tags: ['Windows', 'Discovery'],
    threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0007', name: 'Discovery', reference: 'https://attack.mitre.org/tactics/TA0007/' } }],
    related_integrations: [{ package: 'endpoint', version: '^8.2.0' }],
    enabled: false,
  };
}

/** The rule_id in the rule file at `file` under the test's root. */
async function ruleIdIn(file: string): Promise<string | undefined> {
  return (await loadRuleFile(path.join(dir, file))).rule?.document.rule.rule_id;
}

describe('export → import', () => {
  it('gives back the rule file byte for byte', async () => {
    const out = path.join(dir, 'rules.ndjson');
    const exported = await runCommandCaptured(exportCommand, [SEED_RULE, '--out', out]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ rule_id: SEED_RULE_ID, version: 101, enabled: true });
    const imported = await runCommandCaptured(importCommand, [out, '--root', dir]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^created/);
    expect(readFileSync(path.join(dir, SEED_RULE), 'utf8')).toBe(readFileSync(SEED_RULE, 'utf8'));
    const again = await runCommandCaptured(importCommand, [out, '--root', dir]);
    expect(again.stdout).toMatch(/^unchanged/);
  });

  it('exports what Kibana\'s _import takes: the stand-in imports the file as is', async () => {
    const exported = await runCommandCaptured(exportCommand, [SEED_RULE]);
    const boundary = 'x-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rules.ndjson"\r\n\r\n${exported.stdout}\r\n--${boundary}--\r\n`;
    const response = await fetch(`${kibana.url}/api/detection_engine/rules/_import`, {
      method: 'POST',
      headers: { authorization: `ApiKey ${API_KEY}`, 'kbn-xsrf': 'true', 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(await response.json()).toMatchObject({ success: true, success_count: 1, errors: [] });
    expect((await runCommandCaptured(deploy, ['plan', SEED_RULE, '--detailed-exitcode'], env())).code).toBe(0);
  });

  it('refuses an --out name Kibana would refuse', async () => {
    const result = await runCommandCaptured(exportCommand, [SEED_RULE, '--out', path.join(dir, 'rules.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out must name a .ndjson file');
  });

  it('says a missing output folder is the user\'s to fix: exit 2, no stack trace', async () => {
    const out = path.join(dir, 'no-such-folder', 'rules.ndjson');
    const result = await runCommandCaptured(exportCommand, [SEED_RULE, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`export: cannot write ${out} (ENOENT): pass --out with a file in an existing, writable folder\n`);
  });
});

describe('import --from-kibana', () => {
  it('gives back the deployed rule file byte for byte, Kibana\'s defaults and marks set aside', async () => {
    expect((await runCommandCaptured(deploy, ['apply', SEED_RULE], env())).code).toBe(0);
    const imported = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir, '--rule-id', SEED_RULE_ID], env());
    expect(imported.code).toBe(0);
    expect(readFileSync(path.join(dir, SEED_RULE), 'utf8')).toBe(readFileSync(SEED_RULE, 'utf8'));
  });

  it('places a rule made in Kibana by convention, as a valid rule file', async () => {
    kibana.seed(whoamiRule('0f6c3a52-8d1f-4a4b-9b55-3c0a3f1d2e77'));
    const imported = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir], env());
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const file = path.join(dir, WHOAMI_FILE);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('#:schema ../../schemas/rule.schema.json\n[metadata]\n')).toBe(true);
    expect(text).toContain('integration = ["endpoint"]');
    expect(text).toContain('enabled = false');
    expect(text).not.toMatch(/^(actions|exceptions_list|to|max_signals|revision|created_at|immutable|rule_source|required_fields) = /m);
    expect(text).not.toContain(String(kibana.rules()[0]?.id));
    const { rule, findings } = await loadRuleFile(file);
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(rule?.document.rule.name).toBe('Whoami Run by SYSTEM');
  });

  it('never overwrites another rule\'s file: a second rule of the same name gets its rule_id in the file name', async () => {
    const first = '0f6c3a52-8d1f-4a4b-9b55-3c0a3f1d2e77';
    const second = '7a1b2c3d-8d1f-4a4b-9b55-3c0a3f1d2e77';
    kibana.seed(whoamiRule(first));
    kibana.seed(whoamiRule(second));
    const imported = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir], env());
    expect(imported.code).toBe(0);
    expect(await ruleIdIn(WHOAMI_FILE)).toBe(first);
    expect(await ruleIdIn(WHOAMI_FILE.replace('.toml', '_7a1b2c3d.toml'))).toBe(second);
    // Imported again, each rule finds its own file.
    const again = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir], env());
    expect(again.stdout.trim().split('\n').every((line) => line.startsWith('unchanged'))).toBe(true);
  });

  it('names the rule it would not write over another rule\'s file, and leaves that file alone', async () => {
    expect((await runCommandCaptured(deploy, ['apply', SEED_RULE], env())).code).toBe(0);
    const theirs = readFileSync(SEED_RULE, 'utf8').replace(SEED_RULE_ID, '5d1c8a2e-3b4f-4c6d-8e9f-0a1b2c3d4e5f');
    mkdirSync(path.join(dir, path.dirname(SEED_RULE)), { recursive: true });
    writeFileSync(path.join(dir, SEED_RULE), theirs);
    const imported = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir], env());
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(`error import.collision: rule ${SEED_RULE_ID} was not written: ${SEED_RULE} already holds rule 5d1c8a2e-3b4f-4c6d-8e9f-0a1b2c3d4e5f`);
    expect(readFileSync(path.join(dir, SEED_RULE), 'utf8')).toBe(theirs);
  });

  it('stops with exit 2, Kibana\'s message and what to check when the credentials are wrong, never printing them', async () => {
    const result = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir, '--debug'], { ...env(), KIBANA_API_KEY: 'd3Jvbmc6a2V5' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('import: exporting rules (_export): HTTP 401');
    expect(result.stderr).toContain('import: check KIBANA_API_KEY');
    expect(`${result.stdout}${result.stderr}`).not.toContain('d3Jvbmc6a2V5');
  });

  it('says which --rule-id Kibana does not have', async () => {
    expect((await runCommandCaptured(deploy, ['apply', SEED_RULE], env())).code).toBe(0);
    const missing = '00000000-0000-4000-8000-000000000000';
    const imported = await runCommandCaptured(importCommand, ['--from-kibana', '--root', dir, '--rule-id', SEED_RULE_ID, missing], env());
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(`error import.missing: no rule with rule_id ${missing} in Kibana space "default"`);
    expect(existsSync(path.join(dir, SEED_RULE))).toBe(true);
  });
});

describe('import from a file', () => {
  it('reports a line that is not JSON with its line number and imports the rest', async () => {
    const exported = await runCommandCaptured(exportCommand, [SEED_RULE]);
    const file = path.join(dir, 'broken.ndjson');
    writeFileSync(file, `{"exported_count":0}\n{not json\n${exported.stdout}`);
    const result = await runCommandCaptured(importCommand, [file, '--root', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:2:1`);
    expect(result.stderr).toContain('line 2 is not JSON');
    expect(existsSync(path.join(dir, SEED_RULE))).toBe(true);
  });

  it('never writes outside the repository root', async () => {
    const exported = JSON.parse((await runCommandCaptured(exportCommand, [SEED_RULE])).stdout) as { meta: { repository: { file: string } } };
    exported.meta.repository.file = '../outside.toml';
    const file = path.join(dir, 'evil.ndjson');
    writeFileSync(file, `${JSON.stringify(exported)}\n`);
    const root = path.join(dir, 'repo');
    const result = await runCommandCaptured(importCommand, [file, '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('names a file outside the repository');
    expect(existsSync(path.join(dir, 'outside.toml'))).toBe(false);
  });

  it('--rewrite puts a rule file in the canonical layout', async () => {
    const file = path.join(dir, 'rule.toml');
    const seed = readFileSync(SEED_RULE, 'utf8');
    // The same rule with the threat blocks' blank lines gone: semantically equal, laid out differently.
    writeFileSync(file, seed.replace(/\n{2,}\[rule\.threat\.tactic\]/g, '\n[rule.threat.tactic]'));
    const result = await runCommandCaptured(importCommand, ['--rewrite', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^updated/);
    const schemaLine = `#:schema ${path.posix.relative(path.posix.dirname(path.relative(process.cwd(), file).split(path.sep).join('/')), 'schemas/rule.schema.json')}\n`;
    expect(readFileSync(file, 'utf8')).toBe(seed.replace('#:schema ../../schemas/rule.schema.json\n', schemaLine));
  });
});

describe('import of hostile exports (issue 13)', () => {
  it('checks every meta.repository.file before writing anything, and says when an export holds no rules', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "import-hostile-"));
    const exported = JSON.parse((await runCommandCaptured(exportCommand, [SEED_RULE])).stdout) as { rule_id: string; meta: { repository: { file: unknown } } };
    const lines = [
      { ...exported, rule_id: 'a-good-one', meta: { repository: { file: 'rules/good.toml' } } },
      { ...exported, rule_id: 'number', meta: { repository: { file: 42 } } },
      { ...exported, rule_id: 'nul', meta: { repository: { file: 'rules/a\u0000b.toml' } } },
      { ...exported, rule_id: 'long', meta: { repository: { file: `rules/${'x'.repeat(300)}.toml` } } },
    ];
    const file = path.join(dir, 'hostile.ndjson');
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n{also not\n`);
    const root = path.join(dir, 'repo');
    const result = await runCommandCaptured(importCommand, [file, '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('internal error');
    for (const text of ['rule number has meta.repository.file 42', 'rule nul has a NUL', 'rule long has a name longer than 255 bytes', 'line 5 is not JSON', 'line 6 is not JSON']) expect(result.stderr).toContain(text);
    expect(existsSync(path.join(root, 'rules', 'good.toml'))).toBe(false);

    const empty = path.join(dir, 'empty.ndjson');
    writeFileSync(empty, '{"exported_count":0}\n');
    const none = await runCommandCaptured(importCommand, [empty, '--root', root]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('holds no rules');
  });
});
