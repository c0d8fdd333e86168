import { describe, expect, it } from 'vitest';
import { defaultLintConfig, lintRules } from '../../scripts/lints/index.js';
import { FIXTURE_FILE, lineOf, lintFindings, loadFixture, passingRule, variant } from './rule-fixture.js';

describe('lint.risk-severity', () => {
  it.each([
    ['low', 0],
    ['low', 21],
    ['medium', 22],
    ['high', 73],
    ['critical', 100],
  ])('passes %s with %i', (severity, score) => {
    const text = variant(passingRule, ['risk_score = 47', `risk_score = ${score}`], ['severity = "medium"', `severity = "${severity}"`]);
    expect(lintFindings('lint.risk-severity', text)).toEqual([]);
  });

  it('fails a score outside its severity band, at risk_score, naming the fitting severity', () => {
    const text = variant(passingRule, ['risk_score = 47', 'risk_score = 73']);
    const findings = lintFindings('lint.risk-severity', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'risk_score = 73'), path: 'rule.risk_score' }]);
    expect(findings[0]?.message).toBe('risk_score 73 is outside the medium band 22–47');
    expect(findings[0]?.hint).toContain('severity = "high"');
  });
});

describe('lint.date-order', () => {
  it('passes an update on the creation day', () => {
    expect(lintFindings('lint.date-order', variant(passingRule, ['updated_date = "2024/02/01"', 'updated_date = "2024/01/10"']))).toEqual([]);
  });

  it('fails an update before the creation, at updated_date', () => {
    const text = variant(passingRule, ['updated_date = "2024/02/01"', 'updated_date = "2023/12/31"']);
    expect(lintFindings('lint.date-order', text)).toMatchObject([{ line: lineOf(text, 'updated_date'), path: 'metadata.updated_date' }]);
  });
});

describe('lint.unique-rule-id and lint.unique-name', () => {
  const other = variant(passingRule, ['name = "Fixture Rule"', 'name = "Other Rule"'], ['### Investigating Fixture Rule', '### Investigating Other Rule']);
  const otherFile = 'rules/credential_access_other_rule.toml';

  it('pass distinct rules', () => {
    const distinct = variant(other, ['rule_id = "0f5c4a3e', 'rule_id = "1f5c4a3e']);
    const files = [{ text: passingRule, file: FIXTURE_FILE }, { text: distinct, file: otherFile }];
    expect(lintFindings('lint.unique-rule-id', files)).toEqual([]);
    expect(lintFindings('lint.unique-name', files)).toEqual([]);
  });

  it('fail a shared rule_id in both files, naming the other file', () => {
    const findings = lintFindings('lint.unique-rule-id', [
      { text: passingRule, file: FIXTURE_FILE },
      { text: other, file: otherFile },
    ]);
    expect(findings.map((f) => [f.file, f.line, f.path])).toEqual([
      [FIXTURE_FILE, lineOf(passingRule, 'rule_id'), 'rule.rule_id'],
      [otherFile, lineOf(other, 'rule_id'), 'rule.rule_id'],
    ]);
    expect(findings[0]?.message).toContain(otherFile);
  });

  it('name at most three other files', () => {
    const files = ['a', 'b', 'c', 'd', 'e'].map((letter) => ({ text: passingRule, file: `rules/credential_access_${letter}.toml` }));
    const findings = lintFindings('lint.unique-rule-id', files);
    expect(findings).toHaveLength(5);
    expect(findings[0]?.message).toBe(
      'rule_id "0f5c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f60" is also used by rules/credential_access_b.toml, rules/credential_access_c.toml, rules/credential_access_d.toml and 1 more',
    );
  });

  it('fail a shared name', () => {
    const sameName = variant(passingRule, ['rule_id = "0f5c4a3e', 'rule_id = "1f5c4a3e']);
    const findings = lintFindings('lint.unique-name', [
      { text: passingRule, file: FIXTURE_FILE },
      { text: sameName, file: otherFile },
    ]);
    expect(findings.map((f) => f.line)).toEqual([lineOf(passingRule, 'name = "Fixture Rule"'), lineOf(sameName, 'name = "Fixture Rule"')]);
  });
});

describe('lint.file-name', () => {
  it('passes lowercase snake case', () => {
    expect(lintFindings('lint.file-name', [{ text: passingRule, file: 'rules/windows/credential_access_fixture_2.toml' }])).toEqual([]);
  });

  it('fails other names, as a finding about the file (no line), suggesting a name', () => {
    const [finding, ...rest] = lintFindings('lint.file-name', [{ text: passingRule, file: 'rules/Credential-Access Fixture.toml' }]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'lint.file-name', file: 'rules/Credential-Access Fixture.toml' });
    expect(finding?.line).toBeUndefined();
    expect(finding?.hint).toContain('"credential_access_fixture.toml"');
  });
});

describe('lint.file-name-tactic', () => {
  it('passes a file starting with its primary tactic', () => {
    expect(lintFindings('lint.file-name-tactic', passingRule)).toEqual([]);
  });

  it('fails a file starting with another tactic where the repository uses tactic prefixes', () => {
    const files = [
      { text: passingRule, file: 'rules/lateral_movement_fixture_rule.toml' },
      { text: variant(passingRule, ['rule_id = "0f', 'rule_id = "1f'], ['name = "Fixture Rule"', 'name = "Fixture Two"'], ['Investigating Fixture Rule', 'Investigating Fixture Two']), file: 'rules/credential_access_two.toml' },
    ];
    const findings = lintFindings('lint.file-name-tactic', files);
    expect(findings).toMatchObject([
      { file: 'rules/lateral_movement_fixture_rule.toml', line: lineOf(passingRule, 'id = "TA0006"'), severity: 'warning' },
    ]);
    expect(findings[0]?.hint).toContain('credential_access_fixture_rule.toml');
  });

  it('does not apply where most files do not start with a tactic', () => {
    const rules = [loadFixture(passingRule, 'rules/fixture_rule.toml')];
    expect(lintRules(rules, defaultLintConfig).filter((f) => f.code === 'lint.file-name-tactic')).toEqual([]);
  });
});

describe('lint.license', () => {
  it('passes a stated license', () => {
    expect(lintFindings('lint.license', passingRule)).toEqual([]);
  });

  it('fails a rule without license, at the [rule] table', () => {
    const text = variant(passingRule, ['license = "Elastic License v2"\n', '']);
    expect(lintFindings('lint.license', text)).toMatchObject([{ line: lineOf(text, '[rule]'), path: 'rule.license' }]);
  });
});

describe('lint.reference-url', () => {
  it('passes http(s) URLs', () => {
    expect(lintFindings('lint.reference-url', variant(passingRule, ['references = ["https://example.com/fixture"]', 'references = ["https://example.com/a", "http://example.org/b?c=d"]']))).toEqual([]);
  });

  it('fails each entry that is not a URL', () => {
    const text = variant(passingRule, ['references = ["https://example.com/fixture"]', 'references = [\n  "https://example.com/a",\n  "see the wiki",\n  "ftp://example.com/x",\n]']);
    expect(lintFindings('lint.reference-url', text).map((f) => [f.line, f.path])).toEqual([
      [lineOf(text, 'see the wiki'), 'rule.references[1]'],
      [lineOf(text, 'ftp://'), 'rule.references[2]'],
    ]);
  });
});
