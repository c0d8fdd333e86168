import { describe, expect, it } from 'vitest';
import { lineOf, lintFindings, passingRule, variant } from './rule-fixture.js';

const tags = (list: string) => variant(passingRule, ['tags = ["Elastic", "Windows", "Tactic: Credential Access", "has_guide"]', `tags = [\n${list}\n]`]);

describe('lint.tag-duplicate', () => {
  it('passes distinct tags', () => {
    expect(lintFindings('lint.tag-duplicate', passingRule)).toEqual([]);
  });

  it('fails the second occurrence', () => {
    const text = tags('  "Elastic",\n  "Credential Access",\n  "has_guide",\n  "Elastic",');
    expect(lintFindings('lint.tag-duplicate', text)).toMatchObject([{ line: lineOf(text, '  "Elastic",', lineOf(text, '  "Elastic",')), path: 'rule.tags[3]' }]);
  });
});

describe('lint.tag-whitespace', () => {
  it('passes trimmed tags', () => {
    expect(lintFindings('lint.tag-whitespace', passingRule)).toEqual([]);
  });

  it('fails a tag with surrounding spaces', () => {
    const text = tags('  "Elastic",\n  "Credential Access ",\n  "has_guide",');
    const findings = lintFindings('lint.tag-whitespace', text);
    expect(findings).toMatchObject([{ line: lineOf(text, '"Credential Access "'), path: 'rule.tags[1]' }]);
    expect(findings[0]?.hint).toBe('write it as "Credential Access"');
  });
});

describe('lint.tactic-tags', () => {
  it('passes plain and prefixed tactic tags matching the mapping', () => {
    expect(lintFindings('lint.tactic-tags', passingRule)).toEqual([]);
    expect(lintFindings('lint.tactic-tags', tags('  "Tactic: Credential Access",\n  "has_guide",'))).toEqual([]);
  });

  it('fails a mapped tactic without tag, suggesting the form the rule uses', () => {
    const text = tags('  "Domain: Endpoint",\n  "Tactic: Lateral Movement",\n  "has_guide",');
    const findings = lintFindings('lint.tactic-tags', text);
    expect(findings.map((f) => [f.path, f.line])).toEqual([
      ['rule.tags', lineOf(text, 'tags = [')],
      ['rule.tags[1]', lineOf(text, 'Tactic: Lateral Movement')],
    ]);
    expect(findings[0]?.hint).toBe('add "Tactic: Credential Access" to tags');
  });

  it('fails a tactic tag the mapping lacks', () => {
    const text = tags('  "Credential Access",\n  "Execution",\n  "has_guide",');
    expect(lintFindings('lint.tactic-tags', text)).toMatchObject([{ path: 'rule.tags[1]', line: lineOf(text, '"Execution"') }]);
  });
});

describe('lint.tactic-tags on misspelt tactics', () => {
  it('fails a "Tactic: " tag naming no tactic, suggesting the nearest', () => {
    const text = tags('  "Tactic: Credential Access",\n  "Tactic: Credental Access",\n  "has_guide",');
    const findings = lintFindings('lint.tactic-tags', text);
    expect(findings).toMatchObject([{ path: 'rule.tags[1]', line: lineOf(text, 'Credental'), message: 'tag "Tactic: Credental Access" names no ATT&CK tactic' }]);
    expect(findings[0]?.hint).toBe('write "Tactic: Credential Access"');
  });
});

describe('lint.tag-taxonomy (opt-in)', () => {
  const config = { profile: 'default' as const, severities: { 'lint.tag-taxonomy': 'error' as const }, exceptions: [] };

  it('is off by default', () => {
    expect(lintFindings('lint.tag-taxonomy', passingRule)).toEqual([]);
  });

  it('passes prefixed tags when enabled', () => {
    const text = tags('  "Domain: Endpoint",\n  "OS: Windows",\n  "Tactic: Credential Access",\n  "Resources: Investigation Guide",');
    expect(lintFindings('lint.tag-taxonomy', text, config)).toEqual([]);
  });

  it('fails unprefixed tags when enabled, and takes the prefixes from the configuration', () => {
    const text = tags('  "OS: Windows",\n  "Windows",\n  "Rule Type: BBR",\n  "Tactic: Credential Access",\n  "has_guide",');
    expect(lintFindings('lint.tag-taxonomy', text, config).map((f) => f.line)).toEqual([
      lineOf(text, '"Windows"'),
      lineOf(text, 'Rule Type'),
      lineOf(text, 'has_guide'),
    ]);
    const withRuleType = { ...config, optIn: { tagPrefixes: ['OS', 'Tactic', 'Rule Type'] } };
    expect(lintFindings('lint.tag-taxonomy', text, withRuleType).map((f) => f.line)).toEqual([lineOf(text, '"Windows"'), lineOf(text, 'has_guide')]);
  });
});
