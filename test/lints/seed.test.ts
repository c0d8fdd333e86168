import { describe, expect, it } from 'vitest';
import { loadRules } from '../../scripts/rules/load.js';
import { defaultLintConfig, lintRules, lints } from '../../scripts/lints/index.js';
import { loadFixture, passingRule } from './rule-fixture.js';

describe('default lints', () => {
  it('pass on the repository seed rule', async () => {
    const { rules, findings } = await loadRules(['rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml']);
    expect(findings).toEqual([]);
    expect(rules).toHaveLength(1);
    expect(lintRules(rules, defaultLintConfig)).toEqual([]);
  });

  it('pass on the passing fixture every failing fixture starts from', () => {
    expect(lintRules([loadFixture(passingRule)], defaultLintConfig)).toEqual([]);
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
  it('locate findings in the YAML text', async () => {
    const { parse } = await import('smol-toml');
    const { stringify } = await import('yaml');
    const document = parse(passingRule) as { rule: { risk_score: number } };
    document.rule.risk_score = 90;
    const text = stringify(document);
    const rule = loadFixture(text, 'rules/credential_access_fixture_rule.yaml');
    const findings = lintRules([rule], defaultLintConfig);
    expect(findings.map((f) => [f.code, f.line])).toEqual([['lint.risk-severity', text.split('\n').findIndex((l) => l.includes('risk_score: 90')) + 1]]);
  });
});

describe('docs/lints.md', () => {
  it('documents every lint under its own heading', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/lints.md', import.meta.url), 'utf8');
    for (const lint of lints) expect(doc, lint.code).toContain(`\n### ${lint.code}\n`);
  });
});
