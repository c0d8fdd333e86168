import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { managedTag } from '../../scripts/kibana/managed-mark.js';
import { runCommandCaptured, type CommandRun } from '../command-runner.js';
import { KibanaStandIn } from './kibana-stand-in.js';
import { removeRuleCopies, SEED_RULE, SEED_RULE_ID, writeRuleCopies as writeCopies } from './rule-copies.js';

const API_KEY = 'ZGVwbG95LXRlc3Q6c3VwZXItc2VjcmV0LWtleS12YWx1ZQ==';
const MARK = managedTag('detection-rules-as-code');
const FAST = ['--backoff', '5', '--timeout', '5000'];

let kibana: KibanaStandIn;
const outputs: CommandRun[] = [];
const copies: string[] = [];

function writeRuleCopies(count: number): string {
  const folder = writeCopies(count);
  copies.push(folder);
  return folder;
}

async function run(argv: string[], env: Record<string, string | undefined> = {}): Promise<CommandRun> {
  const result = await runCommandCaptured(deploy, [...argv, ...FAST], { KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY, ...env });
  outputs.push(result);
  return result;
}

function otherRule(ruleId: string, tags: string[], name = 'Made in Kibana'): Record<string, unknown> {
  return { rule_id: ruleId, name, description: 'd', risk_score: 21, severity: 'low', type: 'query', query: 'host.name:x', tags };
}

beforeEach(async () => {
  kibana = await KibanaStandIn.start({ apiKey: API_KEY, spaces: ['team-a'] });
});
afterEach(async () => {
  await kibana.close();
  for (const folder of copies.splice(0)) removeRuleCopies(folder);
});

describe('deploy plan', () => {
  it('shows the seed rule as a create against an empty Kibana', async () => {
    const text = await run(['plan', SEED_RULE]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`+ create    Suspicious Remote Registry Access via SeBackupPrivilege (${SEED_RULE_ID})`);
    expect(text.stdout).toContain('Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged.');
    const json = await run(['plan', SEED_RULE, '--format', 'json', '--detailed-exitcode']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: { create: 1, update: 0 }, actions: [{ action: 'create', rule_id: SEED_RULE_ID }] });
    expect(kibana.rules()).toEqual([]);
  });

  it('reads the live rules with paged _find, not one request per rule', async () => {
    for (let n = 0; n < 1_200; n += 1) kibana.seed(otherRule(`other-${n}`, []));
    await run(['plan', SEED_RULE]);
    const finds = kibana.requests.filter((request) => request.path.endsWith('/_find'));
    expect(finds).toHaveLength(3);
    expect(kibana.requests).toHaveLength(3);
  });
});

describe('deploy with broken rule files', () => {
  it('names the file, line and column, and sends nothing to Kibana', async () => {
    const folder = writeRuleCopies(2);
    const broken = path.join(folder, 'copy_00001.toml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('severity = "medium"', 'severity = "urgent"'));
    const result = await run(['apply', folder]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`copy_00001\\.toml:\\d+:\\d+`));
    expect(result.stderr).toContain('severity');
    expect(result.stderr).toContain('nothing was sent to Kibana');
    expect(kibana.requests).toEqual([]);
  });

  it('sends nothing while a query does not parse, and says where', async () => {
    const folder = writeRuleCopies(1);
    const broken = path.join(folder, 'copy_00000.toml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('sequence by host.id', 'sequenc by host.id'));
    const result = await run(['apply', folder]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`copy_00000\\.toml:\\d+:\\d+: error eql\\.syntax`));
    expect(result.stderr).toContain('nothing was sent to Kibana');
    expect(kibana.requests).toEqual([]);
  });
});

describe('deploy apply', () => {
  it('creates the rule, after which the plan is empty', async () => {
    const applied = await run(['apply', SEED_RULE]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/created\s+Suspicious Remote Registry Access via SeBackupPrivilege/);
    const [rule] = kibana.rules();
    expect(rule).toMatchObject({ rule_id: SEED_RULE_ID, enabled: true, version: 101, severity: 'medium' });
    expect(rule?.tags).toContain(MARK);
    const again = await run(['plan', SEED_RULE, '--detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged.');
    const second = await run(['apply', SEED_RULE]);
    expect(second.stdout).toContain('0 created, 0 updated, 0 deleted, 1 unchanged');
    expect(kibana.rules()[0]?.revision).toBe(0);
  });

  it('shows a changed severity as an update with the field diff, and apply puts it back', async () => {
    await run(['apply', SEED_RULE]);
    const [rule] = kibana.rules();
    Object.assign(rule as object, { severity: 'high', false_positives: ['added in the UI'] });
    const plan = await run(['plan', SEED_RULE, '--detailed-exitcode']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('~ update');
    expect(plan.stdout).toContain('severity: "high" → "medium"');
    expect(plan.stdout).toContain('false_positives: ["added in the UI"] → (absent)');
    const json = JSON.parse((await run(['plan', SEED_RULE, '--format', 'json'])).stdout) as { actions: { changes: unknown[] }[] };
    expect(json.actions[0]?.changes).toEqual([
      { path: 'false_positives', before: ['added in the UI'] },
      { path: 'severity', before: 'high', after: 'medium' },
    ]);
    expect((await run(['apply', SEED_RULE])).stdout).toMatch(/updated\s+Suspicious/);
    expect(kibana.rules()[0]).toMatchObject({ severity: 'medium', false_positives: [] });
    expect((await run(['plan', SEED_RULE, '--detailed-exitcode'])).code).toBe(0);
  });

  it('keeps enabled as the repository says', async () => {
    await run(['apply', SEED_RULE]);
    Object.assign(kibana.rules()[0] as object, { enabled: false });
    expect((await run(['plan', SEED_RULE])).stdout).toContain('enabled: false → true');
    await run(['apply', SEED_RULE]);
    expect(kibana.rules()[0]?.enabled).toBe(true);
  });

  it('prunes only rules carrying this repository\'s mark, and only with --prune', async () => {
    kibana.seed(otherRule('orphan', [MARK], 'Removed from the repository'));
    kibana.seed(otherRule('hand-made', ['Custom']));
    kibana.seed(otherRule('other-team', [managedTag('other-team')]));
    const plan = await run(['plan', SEED_RULE, '--prune']);
    expect(plan.stdout).toContain('- delete    Removed from the repository (orphan)');
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged.');
    await run(['apply', SEED_RULE]);
    expect(kibana.rules().map((rule) => rule.rule_id).sort()).toEqual([SEED_RULE_ID, 'hand-made', 'orphan', 'other-team'].sort());
    const pruned = await run(['apply', SEED_RULE, '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/deleted\s+Removed from the repository/);
    expect(kibana.rules().map((rule) => rule.rule_id).sort()).toEqual([SEED_RULE_ID, 'hand-made', 'other-team'].sort());
  });

  it('refuses to overwrite a rule with the same rule_id that it does not own', async () => {
    const theirs = kibana.seed({ ...otherRule(SEED_RULE_ID, ['Custom']) });
    const plan = await run(['plan', SEED_RULE]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('! conflict');
    expect(plan.stdout).toContain(`without the tag "${MARK}"`);
    const applied = await run(['apply', SEED_RULE]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/refused\s+Suspicious/);
    expect(kibana.rules()).toEqual([theirs]);
  });

  it('leaves alone a rule made in Kibana between the plan and the import under a rule_id it meant to create', async () => {
    // The _find answer is held back; the rule appears in Kibana after the plan was read.
    kibana.injectFault({ method: 'GET', path: '/api/detection_engine/rules/_find', fault: { kind: 'slow', ms: 300 } });
    const applying = run(['apply', SEED_RULE]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const theirs = kibana.seed(otherRule(SEED_RULE_ID, ['Custom']));
    const applied = await applying;
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/refused\s+Suspicious .*already exists.*made in Kibana after the plan/);
    expect(kibana.rules()).toEqual([theirs]);
  });

  it('reports a rule Kibana rejects by rule_id and in Kibana\'s words, and exits 1', async () => {
    const folder = writeRuleCopies(3);
    kibana.refuseRule('47e22836-4a16-4b35-beee-000000000001', 400, 'index: the index pattern "winlogbeat-*" is not allowed');
    const applied = await run(['apply', folder]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/failed\s+Suspicious .* \(copy 1\) \(47e22836-4a16-4b35-beee-000000000001\): index: the index pattern "winlogbeat-\*" is not allowed/);
    expect(applied.stdout).toContain('2 created, 0 updated, 0 deleted, 0 unchanged, 1 failed');
    expect(kibana.rules()).toHaveLength(2);
  });

  it('imports in chunks strictly under the object limit, in few requests, and reads back', async () => {
    await kibana.close();
    kibana = await KibanaStandIn.start({ apiKey: API_KEY, maxImportObjects: 50 });
    const folder = writeRuleCopies(98);
    const applied = await run(['apply', folder, '--import-max-objects', '50']);
    expect(applied.code).toBe(0);
    expect(kibana.rules()).toHaveLength(98);
    // 49 + 49: a chunk of exactly 50 would be refused (Kibana's check is >=).
    expect(kibana.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /api/detection_engine/rules/_find 200',
      'POST /api/detection_engine/rules/_import 200',
      'POST /api/detection_engine/rules/_import 200',
      'GET /api/detection_engine/rules/_find 200',
    ]);
    expect((await run(['plan', folder, '--detailed-exitcode'])).code).toBe(0);
  });

  it('says which option to set when Kibana\'s import limit is lower than assumed', async () => {
    await kibana.close();
    kibana = await KibanaStandIn.start({ apiKey: API_KEY, maxImportBytes: 20_000 });
    const folder = writeRuleCopies(5);
    const refused = await run(['apply', folder]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('HTTP 413: Payload content length greater than maximum allowed: 20000; set --import-max-bytes to this Kibana\'s xpack.securitySolution.maxRuleImportPayloadBytes');
    expect((await run(['apply', folder, '--import-max-bytes', '20000'])).code).toBe(0);
    expect(kibana.rules()).toHaveLength(5);
  });

  it('creates and replaces rule by rule with --strategy rules', async () => {
    const folder = writeRuleCopies(3);
    expect((await run(['apply', folder, '--strategy', 'rules'])).code).toBe(0);
    Object.assign(kibana.rules()[0] as object, { severity: 'low' });
    expect((await run(['apply', folder, '--strategy', 'rules'])).stdout).toContain('0 created, 1 updated');
    expect(kibana.requests.filter((request) => request.method === 'POST').length).toBe(3);
    expect(kibana.requests.filter((request) => request.method === 'PUT').length).toBe(1);
    expect((await run(['plan', folder, '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('connection', () => {
  it('deploys into the space given with --space, under /s/<space>', async () => {
    expect((await run(['apply', SEED_RULE, '--space', 'team-a'])).code).toBe(0);
    expect(kibana.rules('team-a')).toHaveLength(1);
    expect(kibana.rules()).toHaveLength(0);
    const unknown = await run(['plan', SEED_RULE, '--space', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('HTTP 404: Not Found');
  });

  it('stops with exit 2 and Kibana\'s message when the credentials are wrong', async () => {
    const result = await run(['plan', SEED_RULE], { KIBANA_API_KEY: 'd3Jvbmc6a2V5' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HTTP 401: [security_exception]: missing authentication credentials for REST request');
    expect(result.stderr).not.toContain('d3Jvbmc6a2V5');
  });

  it('accepts Basic credentials', async () => {
    await kibana.close();
    kibana = await KibanaStandIn.start({ username: 'elastic', password: 'basic-secret-pw' });
    const result = await run(['plan', SEED_RULE, '--debug'], { KIBANA_API_KEY: undefined, KIBANA_USERNAME: 'elastic', KIBANA_PASSWORD: 'basic-secret-pw' });
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain('basic-secret-pw');
    expect(`${result.stdout}${result.stderr}`).not.toContain(Buffer.from('elastic:basic-secret-pw').toString('base64'));
  });

  it('explains what is missing when KIBANA_URL or the credentials are not set', async () => {
    const noUrl = await run(['plan', SEED_RULE], { KIBANA_URL: undefined });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('KIBANA_URL is not set');
    const noKey = await run(['plan', SEED_RULE], { KIBANA_API_KEY: undefined, KIBANA_USERNAME: undefined });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('no Kibana credentials');
    const withCredentials = await run(['plan', SEED_RULE], { KIBANA_URL: kibana.url.replace('http://', `http://user:${API_KEY}@`) });
    expect(withCredentials.code).toBe(2);
    expect(withCredentials.stderr).toContain('must not hold credentials');
  });

  it('refuses a timeout, attempt count or import limit that would fail every request', async () => {
    for (const option of ['--timeout', '--retries', '--import-max-bytes']) {
      const result = await runCommandCaptured(deploy, ['apply', SEED_RULE, option, '0'], { KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${option} must be a whole number of at least 1; got "0"`);
    }
    // Chunks stay strictly below the limit: 1 would leave room for no rule.
    const objects = await runCommandCaptured(deploy, ['apply', SEED_RULE, '--import-max-objects', '1'], { KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY });
    expect(objects.stderr).toContain('--import-max-objects must be a whole number of at least 2; got "1"');
    expect(kibana.requests).toEqual([]);
  });

  it('never prints the API key, not even with --debug', async () => {
    await run(['apply', SEED_RULE, '--debug', '--format', 'json']);
    await run(['plan', SEED_RULE, '--debug']);
    const all = outputs.map((output) => `${output.stdout}${output.stderr}`).join('');
    expect(all).toContain('debug: GET /api/detection_engine/rules/_find');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('super-secret-key-value');
  });
});
