import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLintConfig, lintRules, loadLintConfig } from '../../scripts/lints/index.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { loadFixture, passingRule, variant } from './rule-fixture.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A repository root holding `.lints.yaml` with `text`. */
function repoWith(text: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lints-config-'));
  roots.push(root);
  writeFileSync(path.join(root, '.lints.yaml'), text);
  return root;
}

const highSignals = loadFixture(variant(passingRule, ['max_signals = 100', 'max_signals = 500']));

describe('loadLintConfig', () => {
  it('reads the repository\'s own .lints.yaml without findings', () => {
    const { config, findings } = loadLintConfig(REPO_ROOT);
    expect(findings).toEqual([]);
    expect(config.severities['lint.max-signals-high']).toBe('warning');
  });

  it('gives the defaults when there is no file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lints-config-'));
    roots.push(root);
    expect(loadLintConfig(root)).toEqual({ config: defaultLintConfig, findings: [] });
  });

  it('refuses to lower or except the uniqueness lints, which guard what Kibana identifies rules by', () => {
    const lowered = loadLintConfig(repoWith('severities:\n  lint.unique-rule-id: off\n  lint.unique-name: warning\n'));
    expect(lowered.findings).toMatchObject([
      { code: 'lint.config', line: 2, column: 3, message: expect.stringMatching(/^lint.unique-rule-id cannot be lowered to off/) },
      { code: 'lint.config', line: 3, column: 3, message: expect.stringMatching(/^lint.unique-name cannot be lowered to warning/) },
    ]);
    const excepted = loadLintConfig(repoWith('exceptions:\n  - rule_id: abc\n    lint: lint.unique-rule-id\n    reason: copied on purpose\n'));
    expect(excepted.findings).toMatchObject([{ code: 'lint.config', line: 3, message: expect.stringContaining('admits no exceptions') }]);
  });

  it('reports a repeated key once, at the repetition', () => {
    const { findings } = loadLintConfig(repoWith('severities:\n  lint.max-signals-high: error\n  lint.max-signals-high: off\n'));
    expect(findings).toMatchObject([{ code: 'lint.config', line: 3, column: 3, message: expect.stringContaining('"lint.max-signals-high" is already a key') }]);
  });

  it('sets severities: error fails, off silences', () => {
    const asError = loadLintConfig(repoWith('severities:\n  lint.max-signals-high: error\n')).config;
    expect(lintRules([highSignals], asError)).toMatchObject([{ code: 'lint.max-signals-high', severity: 'error' }]);
    const off = loadLintConfig(repoWith('severities:\n  lint.max-signals-high: off\n')).config;
    expect(lintRules([highSignals], off)).toEqual([]);
  });

  it('applies a per-rule exception to that rule and lint only', () => {
    const { config, findings } = loadLintConfig(
      repoWith(
        'profile: strict\nexceptions:\n  - rule_id: 0f5c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f60\n    lint: lint.max-signals-high\n    reason: bursts of logons are expected\n',
      ),
    );
    expect(findings).toEqual([]);
    expect(lintRules([highSignals], config)).toEqual([]);
    const otherRule = loadFixture(variant(passingRule, ['max_signals = 100', 'max_signals = 500'], ['rule_id = "0f', 'rule_id = "1f'], ['name = "Fixture Rule"', 'name = "B"'], ['Investigating Fixture Rule', 'Investigating B']), 'rules/credential_access_b.toml');
    expect(lintRules([otherRule], config).map((f) => f.code)).toEqual(['lint.max-signals-high']);
  });

  it('reports an unknown lint code at its line and column, with the nearest code', () => {
    const root = repoWith('severities:\n  lint.max-signals-hihg: off\n');
    const { config, findings } = loadLintConfig(root);
    expect(config).toEqual(defaultLintConfig);
    expect(findings).toMatchObject([
      { code: 'lint.config', severity: 'error', line: 2, column: 3, message: 'unknown lint "lint.max-signals-hihg"', hint: 'did you mean "lint.max-signals-high"?' },
    ]);
    expect(findings[0]?.file).toBe(path.relative(process.cwd(), path.join(root, '.lints.yaml')));
  });

  it('reports a bad severity, a missing reason and an unknown key where they are written', () => {
    const { findings } = loadLintConfig(
      repoWith('severities:\n  lint.license: fatal\nexceptions:\n  - rule_id: abc\n    lint: lint.license\nextra: 1\n'),
    );
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual(
      expect.arrayContaining([
        [2, 17, 'severities.lint.license must be one of error, warning, off'],
        [4, 5, 'exceptions[0] lacks "reason"'],
        [6, 1, 'unknown key "extra" in the configuration'],
      ]),
    );
    expect(findings).toHaveLength(3);
  });

  it('reports an empty or blank reason once, at the reason', () => {
    for (const reason of ['""', '"   "']) {
      const { config, findings } = loadLintConfig(repoWith(`exceptions:\n  - rule_id: abc\n    lint: lint.license\n    reason: ${reason}\n`));
      expect(config).toEqual(defaultLintConfig);
      expect(findings.map((f) => [f.line, f.column, f.message, f.hint])).toEqual([[4, 13, 'exceptions[0].reason is empty', 'say why the lint does not apply to this rule']]);
    }
  });

  it('reports YAML syntax errors with their position', () => {
    const { findings } = loadLintConfig(repoWith('severities:\n  lint.license: [error\n'));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ code: 'lint.config', line: expect.any(Number), column: expect.any(Number) });
    expect(findings[0]?.message).toMatch(/^YAML syntax error/);
  });

  it('reports a configuration of the wrong shape without inventing other findings', () => {
    const list = loadLintConfig(repoWith('- lint.license\n')).findings;
    expect(list.map((f) => [f.line, f.message])).toEqual([[1, 'the configuration must be a mapping']]);
    const scalarSeverities = loadLintConfig(repoWith('severities: error\nexceptions: none\n')).findings;
    expect(scalarSeverities.map((f) => [f.line, f.column, f.message])).toEqual([
      [1, 13, 'severities must be a mapping'],
      [2, 13, 'exceptions must be a list'],
    ]);
  });

  it('reports a .lints.yaml that cannot be read, without a line', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lints-config-'));
    roots.push(root);
    mkdirSync(path.join(root, '.lints.yaml'));
    const { config, findings } = loadLintConfig(root);
    expect(config).toEqual(defaultLintConfig);
    expect(findings).toMatchObject([{ code: 'lint.config', severity: 'error', message: 'cannot read the lint configuration: EISDIR' }]);
    expect(findings[0]?.line).toBeUndefined();
  });
});
