import { describe, expect, it } from 'vitest';
import { lineOf, lintFindings, passingRule, threatToml, variant } from './rule-fixture.js';

/** The fixture with the threat mapping replaced by `threat` and tags matching its tactics. */
function withThreat(threat: string, tags = '"Tactic: Credential Access"'): string {
  const start = passingRule.indexOf('[[rule.threat]]');
  return variant(passingRule.slice(0, start), ['"Tactic: Credential Access"', tags]) + threat;
}

describe('lint.attack-unknown-id', () => {
  it('passes known ids', () => {
    expect(lintFindings('lint.attack-unknown-id', passingRule)).toEqual([]);
  });

  it('fails an unknown technique id at its line, suggesting the id of the name', () => {
    const text = variant(passingRule, ['id = "T1003"', 'id = "T1903"']);
    const [finding, ...rest] = lintFindings('lint.attack-unknown-id', text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'lint.attack-unknown-id',
      severity: 'error',
      line: lineOf(text, 'id = "T1903"'),
      column: 1,
      path: 'rule.threat[0].technique[0].id',
      file: 'rules/credential_access_fixture_rule.toml',
    });
    expect(finding?.message).toContain('T1903');
    expect(finding?.hint).toContain('T1003');
  });

  it('fails an unknown tactic id', () => {
    const text = variant(passingRule, ['id = "TA0006"', 'id = "TA0099"']);
    expect(lintFindings('lint.attack-unknown-id', text)).toMatchObject([{ line: lineOf(text, 'TA0099'), path: 'rule.threat[0].tactic.id' }]);
  });
});

describe('lint.attack-name', () => {
  it('passes names that match their ids', () => {
    expect(lintFindings('lint.attack-name', passingRule)).toEqual([]);
  });

  it('fails T1003.002 named "LSA Secrets" at that line, naming the right name', () => {
    const text = variant(passingRule, ['name = "Security Account Manager"', 'name = "LSA Secrets"']);
    const findings = lintFindings('lint.attack-name', text);
    expect(findings).toMatchObject([
      { code: 'lint.attack-name', line: lineOf(text, 'LSA Secrets'), path: 'rule.threat[0].technique[0].subtechnique[0].name' },
    ]);
    expect(findings[0]?.hint).toContain('Security Account Manager');
  });

  it('fails a misspelt technique name and a wrong tactic name', () => {
    const text = variant(
      passingRule,
      ['name = "OS Credential Dumping"', 'name = "OS Credentials Dumping"'],
      ['name = "Credential Access"', 'name = "Credential Acess"'],
    );
    expect(lintFindings('lint.attack-name', text).map((f) => f.line)).toEqual([lineOf(text, 'Credential Acess'), lineOf(text, 'Credentials Dumping')]);
  });
});

describe('lint.attack-reference', () => {
  it('passes the attack.mitre.org page of each id, with or without trailing slash', () => {
    const text = variant(passingRule, ['techniques/T1003/"', 'techniques/T1003"']);
    expect(lintFindings('lint.attack-reference', text)).toEqual([]);
  });

  it('fails a reference to another id', () => {
    const text = variant(passingRule, ['techniques/T1003/002/', 'techniques/T1003/004/']);
    const findings = lintFindings('lint.attack-reference', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'T1003/004'), path: 'rule.threat[0].technique[0].subtechnique[0].reference' }]);
    expect(findings[0]?.hint).toContain('https://attack.mitre.org/techniques/T1003/002/');
  });
});

describe('lint.attack-placement', () => {
  it('passes techniques under their tactics', () => {
    expect(lintFindings('lint.attack-placement', passingRule)).toEqual([]);
  });

  it('fails T1003 with T1003.002 under Lateral Movement, once, at the technique id', () => {
    const threat = threatToml({
      tactic: ['TA0008', 'Lateral Movement'],
      techniques: [['T1003', 'OS Credential Dumping', [['T1003.002', 'Security Account Manager']]]],
    });
    const text = withThreat(threat, '"Lateral Movement"');
    const findings = lintFindings('lint.attack-placement', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'id = "T1003"'), path: 'rule.threat[0].technique[0].id' }]);
    expect(findings[0]?.message).toContain('does not belong to Lateral Movement (TA0008)');
    expect(findings[0]?.message).toContain('Credential Access (TA0006)');
  });

  it('fails a sub-technique under another technique', () => {
    const threat = threatToml({
      tactic: ['TA0008', 'Lateral Movement'],
      techniques: [['T1021', 'Remote Services', [['T1003.002', 'Security Account Manager']]]],
    });
    const text = withThreat(threat, '"Lateral Movement"');
    const findings = lintFindings('lint.attack-placement', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'id = "T1003.002"'), path: 'rule.threat[0].technique[0].subtechnique[0].id' }]);
    expect(findings[0]?.message).toContain('belongs to technique T1003, not T1021');
  });
});

describe('lint.attack-deprecated', () => {
  it('passes current techniques', () => {
    expect(lintFindings('lint.attack-deprecated', passingRule)).toEqual([]);
  });

  it('fails a revoked technique and names its replacement', () => {
    const threat = threatToml({ tactic: ['TA0002', 'Execution'], techniques: [['T1086', 'PowerShell']] });
    const text = withThreat(threat, '"Execution"');
    const findings = lintFindings('lint.attack-deprecated', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'id = "T1086"'), severity: 'error' }]);
    expect(findings[0]?.message).toContain('revoked');
    expect(findings[0]?.message).toContain('T1059.001');
  });
});

describe('lint.attack-deprecated without replacement', () => {
  it('fails a deprecated technique and asks for a current one', () => {
    const threat = threatToml({ tactic: ['TA0002', 'Execution'], techniques: [['T1064', 'Scripting']] });
    const text = withThreat(threat, '"Execution"');
    const findings = lintFindings('lint.attack-deprecated', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'id = "T1064"'), message: 'T1064 Scripting is deprecated in ATT&CK' }]);
    expect(findings[0]?.hint).toBe('map the current technique that describes the behaviour, or remove this one');
  });
});

describe('lint.attack-duplicate-tactic', () => {
  it('passes one entry per tactic', () => {
    expect(lintFindings('lint.attack-duplicate-tactic', passingRule)).toEqual([]);
  });

  it('fails the second entry of the same tactic', () => {
    const start = passingRule.indexOf('[[rule.threat]]');
    const text = passingRule + passingRule.slice(start, passingRule.indexOf('[[rule.threat.technique]]'));
    const findings = lintFindings('lint.attack-duplicate-tactic', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'id = "TA0006"', lineOf(text, 'id = "TA0006"')), path: 'rule.threat[1].tactic.id' }]);
  });
});
