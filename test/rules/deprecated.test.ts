// Deprecated rules stay in the repository as a record: never exported, never deployed, and pruned
// from Kibana when it still holds them under this repository's mark.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { main as exportRules } from '../../scripts/kibana/export-command.js';
import { managedTag } from '../../scripts/kibana/managed-mark.js';
import { isDeprecatedRule } from '../../scripts/rules/deprecated.js';
import { describeChange } from '../../scripts/review/change-labels.js';
import type { RuleReview } from '../../scripts/review/review.js';
import { parseRuleText } from '../../scripts/rules/load.js';
import { runCommandCaptured } from '../command-runner.js';
import { KibanaStandIn } from '../kibana/kibana-stand-in.js';
import { SEED_RULE, SEED_RULE_ID } from '../kibana/rule-copies.js';

const API_KEY = 'ZGVwcmVjYXRlZDpydWxlcy1rZXk=';
const DEPRECATED_ID = '5f0c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f61';
const seed = readFileSync(SEED_RULE, 'utf8');
const deprecatedText = seed
  .replace(`rule_id = "${SEED_RULE_ID}"`, `rule_id = "${DEPRECATED_ID}"`)
  .replace('maturity = "production"', 'deprecation_date = "2024/06/01"\nmaturity = "deprecated"\ndeprecated_reason = "Replaced by the SeBackupPrivilege rule"');

let dir: string;
let kibana: KibanaStandIn | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deprecated-'));
  mkdirSync(path.join(dir, 'rules', 'windows'), { recursive: true });
  mkdirSync(path.join(dir, 'rules', '_deprecated'), { recursive: true });
  writeFileSync(path.join(dir, 'rules', 'windows', 'credential_access_seed.toml'), seed);
  writeFileSync(path.join(dir, 'rules', '_deprecated', 'credential_access_old.toml'), deprecatedText);
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await kibana?.close();
  kibana = undefined;
});

describe('isDeprecatedRule', () => {
  it('is true for maturity "deprecated" and for files under _deprecated/, false otherwise', () => {
    const load = (file: string, text: string) => parseRuleText(file, text).rule!;
    expect(parseRuleText('rules/x.toml', deprecatedText).findings).toEqual([]);
    expect(isDeprecatedRule(load('rules/windows/x.toml', deprecatedText))).toBe(true);
    expect(isDeprecatedRule(load('rules/_deprecated/x.toml', seed))).toBe(true);
    expect(isDeprecatedRule(load('rules\\_deprecated\\x.toml', seed))).toBe(true);
    expect(isDeprecatedRule(load('rules/windows/x.toml', seed))).toBe(false);
    expect(isDeprecatedRule(load('rules/not_deprecated/x.toml', seed))).toBe(false);
  });
});

describe('export and deploy leave deprecated rules out', () => {
  it('export writes only the live rule', async () => {
    const out = path.join(dir, 'rules.ndjson');
    const run = await runCommandCaptured(exportRules, [path.join(dir, 'rules'), '--out', out]);
    expect(run.code).toBe(0);
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { rule_id: string }).rule_id);
    expect(ids).toEqual([SEED_RULE_ID]);
  });

  it('deploy plan --prune deletes a deprecated rule Kibana still holds under this repository\'s mark', async () => {
    kibana = await KibanaStandIn.start({ apiKey: API_KEY });
    kibana.seed({ rule_id: DEPRECATED_ID, name: 'Old rule', description: 'd', risk_score: 21, severity: 'low', type: 'query', query: 'host.name:x', tags: [managedTag('detection-rules-as-code')] });
    const env = { KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY };
    const plain = await runCommandCaptured(deploy, ['plan', path.join(dir, 'rules')], env);
    expect(plain.stdout).toContain('Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged.');
    const pruning = await runCommandCaptured(deploy, ['plan', path.join(dir, 'rules'), '--prune'], env);
    expect(pruning.stdout).toContain(`- delete    Old rule (${DEPRECATED_ID})`);
    expect(pruning.stdout).toContain('Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged.');
  });
});

describe('review names a deprecation', () => {
  const review = (over: Partial<RuleReview>): RuleReview => ({
    rule_id: SEED_RULE_ID, name: 'Seed', change: 'changed', path: 'rules/windows/a.toml', previousPath: null, previousRuleId: null,
    contentChanged: false, fields: [], query: null, tests: null, findings: [], summary: null, ...over,
  });
  const maturity = (after: string) => ({ path: 'metadata.maturity', fieldPath: ['metadata', 'maturity'], kind: 'changed' as const, before: 'production', after, summary: `production → ${after}` });

  it('when maturity becomes "deprecated" or the file moves under _deprecated/', () => {
    expect(describeChange(review({ fields: [maturity('deprecated')] }))).toBe('deprecated: maturity');
    expect(describeChange(review({ change: 'renamed', path: 'rules/_deprecated/a.toml', previousPath: 'rules/windows/a.toml' }))).toBe('deprecated from rules/windows/a.toml');
    expect(describeChange(review({ fields: [maturity('development')] }))).toBe('changed: maturity');
  });
});
