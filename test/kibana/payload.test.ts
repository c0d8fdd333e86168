import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFile, parseRuleText } from '../../scripts/rules/load.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { eqlRequiredFields } from '../../scripts/kibana/eql-required-fields.js';
import { managedTag } from '../../scripts/kibana/managed-mark.js';
import { buildPayload, relatedIntegrations } from '../../scripts/kibana/payload.js';
import { checkPayload } from '../../scripts/kibana/payload-schema.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

async function seed(): Promise<RuleFile> {
  const { rule, findings } = await loadRuleFile(SEED);
  if (rule === undefined) throw new Error(findings.map((f) => f.message).join('\n'));
  return rule;
}

describe('buildPayload', () => {
  it("turns the seed rule into a schema-valid payload carrying the repository's mark and metadata", async () => {
    const rule = await seed();
    const payload = buildPayload(rule, { owner: 'team-a', repoRoot: REPO_ROOT, requiredFields: eqlRequiredFields() });
    expect(checkPayload(payload, SEED)).toEqual([]);
    expect(payload.version).toBe(101);
    expect(payload.enabled).toBe(true);
    expect(payload.tags).toContain(managedTag('team-a'));
    expect(payload.tags.filter((tag) => tag === managedTag('team-a'))).toHaveLength(1);
    expect(payload).not.toHaveProperty('metadata');
    expect(payload).not.toHaveProperty('creation_date');
    expect(payload.related_integrations).toEqual([
      { package: 'system', version: '*' },
      { package: 'windows', version: '*' },
    ]);
    expect(payload.required_fields).toContainEqual({ name: 'event.action', type: 'keyword' });
    expect(payload.required_fields).toContainEqual({ name: 'host.id', type: 'keyword' });
    expect((payload.required_fields as object[]).every((field) => !('ecs' in field))).toBe(true);
    expect(payload.meta.repository).toMatchObject({
      owner: 'team-a',
      file: SEED,
      metadata: { creation_date: '2022/02/16', maturity: 'production' },
    });
    expect(payload.meta.repository?.fields).toContain('max_signals');
    expect(payload.meta.repository?.fields).not.toContain('enabled');
  });

  it('takes the version from the lock when the file has none, and converts the new terms layout', () => {
    const text = [
      '[metadata]',
      'creation_date = "2024/01/01"',
      'updated_date = "2024/01/01"',
      'integration = "aws.cloudtrail"',
      '[rule]',
      'author = ["A"]',
      'description = "d"',
      'name = "n"',
      'risk_score = 21',
      'rule_id = "5f1c0b1e-0000-4000-8000-000000000001"',
      'severity = "low"',
      'type = "new_terms"',
      'query = "event.action:x"',
      'language = "kuery"',
      '[rule.new_terms]',
      'field = "new_terms_fields"',
      'value = ["user.name"]',
      '[[rule.new_terms.history_window_start]]',
      'field = "history_window_start"',
      'value = "now-7d"',
    ].join('\n');
    const { rule, findings } = parseRuleText('rules/aws/nt.toml', text);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const payload = buildPayload(rule as RuleFile, { owner: 'o', repoRoot: REPO_ROOT, versionLock: new Map([['5f1c0b1e-0000-4000-8000-000000000001', 7]]) });
    expect(payload.version).toBe(7);
    expect(payload.new_terms_fields).toEqual(['user.name']);
    expect(payload.history_window_start).toBe('now-7d');
    expect(payload).not.toHaveProperty('new_terms');
    expect(payload.related_integrations).toEqual([{ package: 'aws', version: '*', integration: 'cloudtrail' }]);
    expect(checkPayload(payload, 'rules/aws/nt.toml')).toEqual([]);
  });

  it('reports an invalid payload as a finding naming the field', async () => {
    const payload = buildPayload(await seed(), { owner: 'o', repoRoot: REPO_ROOT });
    const rule = await seed();
    const findings = checkPayload({ ...payload, severity: 'urgent', metadata: {} }, SEED, rule.source);
    expect(findings.map((f) => f.path)).toEqual(expect.arrayContaining(['rule.severity', 'rule.metadata']));
    expect(findings.every((f) => f.file === SEED && f.code === 'kibana.payload')).toBe(true);
    // At the rule file's own line for a field it wrote; at the [rule] table for one it did not.
    expect(findings.find((f) => f.path === 'rule.severity')).toMatchObject(rule.source.locate(['rule', 'severity']) ?? { line: -1 });
    expect(findings.find((f) => f.path === 'rule.metadata')?.message).toContain('rule.metadata is not a field Kibana takes');
  });

  it('accepts every rule-file field Kibana takes, the deprecated output_index included', async () => {
    const payload = buildPayload(await seed(), { owner: 'o', repoRoot: REPO_ROOT });
    expect(checkPayload({ ...payload, output_index: '.siem-signals-default' }, SEED)).toEqual([]);
  });

  it('maps integrations to related integrations any version satisfies', () => {
    expect(relatedIntegrations(undefined)).toEqual([]);
    expect(relatedIntegrations('endpoint')).toEqual([{ package: 'endpoint', version: '*' }]);
  });
});

describe('checkPayload: Kibana\'s own checks before sending', () => {
  const valid = async () => buildPayload(await seed(), { owner: 'team-a', repoRoot: REPO_ROOT, requiredFields: eqlRequiredFields() });

  it('takes date math in `from` as Kibana\'s RuleIntervalFrom does, and refuses anything else', async () => {
    for (const from of ['now-9m', 'now-1h/d', 'now', '2024-01-01||-1d', '2024-01-01T00:00:00Z']) expect(checkPayload({ ...(await valid()), from }, SEED)).toEqual([]);
    for (const from of ['yesterday', 'now-6 m', '-6m', 'now-']) {
      expect(checkPayload({ ...(await valid()), from }, SEED).map((finding) => finding.path)).toEqual(['rule.from']);
    }
  });

  it('requires timeline_title with timeline_id and the other way round, neither empty', async () => {
    expect(checkPayload({ ...(await valid()), timeline_id: 'abc' }, SEED).map((finding) => finding.message)).toEqual([
      'the Kibana payload built from this rule is invalid: rule must have property timeline_title when property timeline_id is present',
    ]);
    expect(checkPayload({ ...(await valid()), timeline_title: 'T' }, SEED)).toHaveLength(1);
    expect(checkPayload({ ...(await valid()), timeline_id: '', timeline_title: 'T' }, SEED)).toHaveLength(1);
    expect(checkPayload({ ...(await valid()), timeline_id: 'abc', timeline_title: 'T' }, SEED)).toEqual([]);
  });

  it('takes any non-empty rule_id: Kibana does not require a UUID', async () => {
    expect(checkPayload({ ...(await valid()), rule_id: 'my-team.rule-1' }, SEED)).toEqual([]);
    expect(checkPayload({ ...(await valid()), rule_id: '' }, SEED)).toHaveLength(1);
  });
});

describe('validate reports Kibana\'s checks at the rule file\'s line', () => {
  it('puts a timeline_id without timeline_title, and a `from` that is not date math, on their own lines', async () => {
    const text = readFileSync(path.join(REPO_ROOT, SEED), 'utf8').replace(/^from = .*$/m, 'from = "yesterday"\ntimeline_id = "abc"');
    const lines = text.split('\n');
    const { findings } = parseRuleText('t.toml', text);
    expect(findings.map((finding) => [finding.code, finding.line])).toEqual(
      expect.arrayContaining([
        ['schema.dependent-required', lines.findIndex((line) => line.startsWith('timeline_id')) + 1],
        ['schema.pattern', lines.findIndex((line) => line.startsWith('from')) + 1],
      ]),
    );
  });
});
