import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { checkRuleLints, defaultLintConfig, lintRules, lints, strictLintConfig } from '../../scripts/lints/index.js';
import { profileTableRow } from '../../scripts/lints/profile-table.js';
import { loadRules } from '../../scripts/rules/load.js';
import { validateRules } from '../../scripts/rules/validate.js';
import { lineOf, loadFixture, passingRule, variant } from './rule-fixture.js';

const seedFile = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

describe('lints of both profiles', () => {
  it('pass on the repository seed rule under the strict profile, the one this repository chooses', async () => {
    const { rules, findings } = await loadRules([seedFile]);
    expect(findings).toEqual([]);
    expect(rules).toHaveLength(1);
    // The seed keeps Elastic's prebuilt rule_id on purpose: strict warns of it (.lints.yaml excepts it).
    expect(lintRules(rules, strictLintConfig).map((finding) => [finding.code, finding.severity])).toEqual([['lint.prebuilt-rule-id', 'warning']]);
    // The seed tags its tactics in the older plain form, which detection-rules' test_primary_tactic_as_tag refuses.
    expect(lintRules(rules, defaultLintConfig).map((finding) => [finding.code, finding.hint])).toEqual([['lint.tactic-tags', 'add "Tactic: Credential Access" to tags']]);
  });

  it('pass on the passing fixture every failing fixture starts from', () => {
    expect(lintRules([loadFixture(passingRule)], defaultLintConfig)).toEqual([]);
    expect(lintRules([loadFixture(passingRule)], strictLintConfig)).toEqual([]);
  });

  it('each have a unique lint.<name> code, a description and a default severity', () => {
    const codes = lints.map((lint) => lint.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const lint of lints) {
      expect(lint.code).toMatch(/^lint\.[a-z0-9-]+$/);
      expect(lint.description.length).toBeGreaterThan(10);
      expect(['error', 'warning', 'off']).toContain(lint.defaultSeverity);
    }
  });
});

describe('lints on YAML rules', () => {
  it('locate findings in the YAML text', () => {
    const document = parseToml(passingRule) as { rule: { risk_score: number } };
    document.rule.risk_score = 90;
    const text = stringifyYaml(document);
    const rule = loadFixture(text, 'rules/credential_access_fixture_rule.yaml');
    expect(lintRules([rule], defaultLintConfig).map((f) => [f.code, f.line])).toEqual([['lint.risk-severity', lineOf(text, 'risk_score: 90')]]);
  });
});

describe('docs/lints.md', () => {
  const doc = readFileSync(new URL('../../docs/lints.md', import.meta.url), 'utf8');
  it('documents every lint under its own heading', () => {
    for (const lint of lints) expect(doc, lint.code).toContain(`\n### ${lint.code}\n`);
  });

  it('states each lint\'s severity under both profiles and its detection-rules counterpart, as the code has them', () => {
    for (const lint of lints) expect(doc, lint.code).toContain(`\n${profileTableRow(lint)}\n`);
  });
});

describe('the lint stage of validate (checkRuleLints)', () => {
  it('passes the repository with its .lints.yaml', async () => {
    const report = await validateRules(['rules'], [checkRuleLints]);
    expect(report.general).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('fails the seed rule mapped to T1003.002 "LSA Secrets" at that line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lints-seed-'));
    try {
      const text = variant(readFileSync(seedFile, 'utf8'), ['name = "Security Account Manager"', 'name = "LSA Secrets"']);
      const file = path.join(dir, path.basename(seedFile));
      writeFileSync(file, text);
      const report = await validateRules([file], [checkRuleLints]);
      expect(report.rules[0]?.valid).toBe(false);
      expect(report.rules[0]?.findings).toMatchObject([
        { code: 'lint.attack-name', severity: 'error', line: lineOf(text, 'LSA Secrets'), column: 1, path: 'rule.threat[0].technique[0].subtechnique[0].name' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
