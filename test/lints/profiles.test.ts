// The default profile holds rules to elastic/detection-rules' own unit tests; each case below is
// one of their conditions (tests/test_all_rules.py), written as a rule that meets it or not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLintConfig, lintRules, loadLintConfig, strictLintConfig } from '../../scripts/lints/index.js';
import { main as validate } from '../../scripts/rules/validate-command.js';
import { runCommandCaptured } from '../command-runner.js';
import { lineOf, lintFindings, loadFixture, passingRule, variant } from './rule-fixture.js';

const TAGS = 'tags = ["Elastic", "Windows", "Tactic: Credential Access", "has_guide"]';
const withTags = (tags: string, text = passingRule) => variant(text, [TAGS, `tags = [${tags}]`]);
const inDefault = (code: string, text: string) => lintFindings(code, text, defaultLintConfig);
const inStrict = (code: string, text: string) => lintFindings(code, text, strictLintConfig);

describe('lint.tactic-tags, default profile (test_primary_tactic_as_tag)', () => {
  it('passes the primary tactic tagged "Tactic: <name>"', () => {
    expect(inDefault('lint.tactic-tags', passingRule)).toEqual([]);
  });

  it('fails a primary tactic tagged only in the plain form, which strict accepts', () => {
    const text = withTags('"Elastic", "Credential Access"');
    expect(inDefault('lint.tactic-tags', text)).toMatchObject([
      { line: lineOf(text, 'tags = ['), path: 'rule.tags', message: 'the primary tactic Credential Access (the first threat entry) is not tagged', hint: 'add "Tactic: Credential Access" to tags' },
    ]);
    expect(inStrict('lint.tactic-tags', text)).toEqual([]);
  });

  it('fails a plain tactic tag the mapping lacks, but not a prefixed one (which strict fails)', () => {
    const plain = withTags('"Tactic: Credential Access", "Execution"');
    expect(inDefault('lint.tactic-tags', plain)).toMatchObject([{ path: 'rule.tags[1]', message: 'tag "Execution" names a tactic the threat mapping does not have' }]);
    const prefixed = withTags('"Tactic: Credential Access", "Tactic: Execution"');
    expect(inDefault('lint.tactic-tags', prefixed)).toEqual([]);
    expect(inStrict('lint.tactic-tags', prefixed)).toMatchObject([{ path: 'rule.tags[1]' }]);
  });

  it('exempts rules tagged "Continuous Monitoring" and machine learning rules', () => {
    expect(inDefault('lint.tactic-tags', withTags('"Continuous Monitoring"'))).toEqual([]);
  });
});

describe('lint.guide-sections, default profile (TestInvestigationGuide)', () => {
  const high = (text: string) => variant(text, ['risk_score = 47', 'risk_score = 73'], ['severity = "medium"', 'severity = "high"']);
  const noNote = (text: string) => text.replace(/note = """[\s\S]*?"""\n/, '');

  it('asks a high or critical rule for "## Triage and analysis" in its note', () => {
    const text = high(noNote(passingRule));
    expect(inDefault('lint.guide-sections', text)).toMatchObject([{ path: 'rule.severity', line: lineOf(text, 'severity = "high"'), message: expect.stringContaining('no "## Triage and analysis"') }]);
    expect(inDefault('lint.guide-sections', high(passingRule))).toEqual([]);
  });

  it('leaves medium and low rules, and building blocks, without a guide alone; strict does not (the guide tag asks for one)', () => {
    expect(inDefault('lint.guide-sections', noNote(passingRule))).toEqual([]);
    expect(inStrict('lint.guide-sections', noNote(passingRule))).toHaveLength(1);
    const buildingBlock = variant(high(noNote(passingRule)), ['from = "now-9m"', 'building_block_type = "default"\nfrom = "now-9m"']);
    expect(inDefault('lint.guide-sections', buildingBlock)).toEqual([]);
  });

  it('asks "### Investigating" to name the rule, in any case', () => {
    const wrong = variant(passingRule, ['### Investigating Fixture Rule', '### Investigating Another Rule']);
    expect(inDefault('lint.guide-sections', wrong)).toMatchObject([{ path: 'rule.note', hint: 'write the heading as "### Investigating Fixture Rule"' }]);
    expect(inDefault('lint.guide-sections', variant(passingRule, ['### Investigating Fixture Rule', '### Investigating fixture rule']))).toEqual([]);
  });

  it('reads a rule name with regex characters literally', () => {
    const text = variant(passingRule, ['name = "Fixture Rule"', 'name = "Fixture (Rule)"'], ['### Investigating Fixture Rule', '### Investigating Fixture (Rule)']);
    expect(inDefault('lint.guide-sections', text)).toEqual([]);
  });
});

describe('lint.maxspan-lookback, default profile (test_eql_lookback)', () => {
  const maxspan = (span: string) => variant(passingRule, ['maxspan=1m', `maxspan=${span}`]);

  it('allows a maxspan up to the look-back plus 10 minutes; strict allows the look-back only', () => {
    expect(inDefault('lint.maxspan-lookback', maxspan('19m'))).toEqual([]);
    expect(inStrict('lint.maxspan-lookback', maxspan('19m'))).toHaveLength(1);
    expect(inDefault('lint.maxspan-lookback', maxspan('20m'))).toMatchObject([{ path: 'rule.query', severity: 'error' }]);
  });
});

describe('lint.file-name, default profile (test_file_names)', () => {
  it('takes detection-rules\' FILE_PATTERN: any run of lowercase letters, digits and underscores; strict wants clean snake case', () => {
    const at = (file: string, config = defaultLintConfig) => lintRules([loadFixture(passingRule, file)], config).filter((f) => f.code === 'lint.file-name');
    expect(at('rules/credential_access__fixture_.toml')).toEqual([]);
    expect(at('rules/credential_access__fixture_.toml', strictLintConfig)).toHaveLength(1);
    expect(at('rules/Credential-Access.toml')).toMatchObject([{ message: 'file name "Credential-Access.toml" is not lowercase snake case' }]);
  });
});

describe('lint.interval-maxspan (test_eql_interval_to_maxspan)', () => {
  const schedule = (span: string, interval: string, from: string) =>
    variant(passingRule, ['maxspan=1m', `maxspan=${span}`], ['interval = "5m"', `interval = "${interval}"`], ['from = "now-9m"', `from = "${from}"`]);

  it('asks for an interval of at least half a maxspan above 2.5 minutes', () => {
    const short = schedule('30m', '10m', 'now-40m');
    expect(inDefault('lint.interval-maxspan', short)).toMatchObject([
      { path: 'rule.interval', line: lineOf(short, 'interval = "10m"'), message: "interval 10m is shorter than half the sequence's maxspan=30m", hint: expect.stringContaining('interval = "15m"') },
    ]);
    expect(inDefault('lint.interval-maxspan', schedule('30m', '15m', 'now-45m'))).toEqual([]);
    // up to 2.5 minutes of maxspan, any interval
    expect(inDefault('lint.interval-maxspan', schedule('150s', '1m', 'now-9m'))).toEqual([]);
    expect(inDefault('lint.interval-maxspan', schedule('151s', '1m', 'now-9m'))).toHaveLength(1);
  });
});

describe('lint.endpoint-lookback (test_required_lookback)', () => {
  it('asks a rule reading logs-endpoint.events.* to set from', () => {
    const text = variant(passingRule, ['from = "now-9m"\n', '']);
    expect(inDefault('lint.endpoint-lookback', text)).toMatchObject([{ path: 'rule.index[0]', line: lineOf(text, 'index = '), message: 'the rule reads logs-endpoint.events.* but sets no from' }]);
    expect(inDefault('lint.endpoint-lookback', passingRule)).toEqual([]);
    expect(inDefault('lint.endpoint-lookback', variant(text, ['logs-endpoint.events.*', 'logs-endpoint.events.process-*']))).toEqual([]);
  });
});

describe('lint.file-name-tactic, default profile (test_rule_file_name_tactic)', () => {
  it('exempts machine learning rules, which strict does not', () => {
    const ml = variant(passingRule, ['type = "eql"', 'type = "machine_learning"\nanomaly_threshold = 50\nmachine_learning_job_id = "fixture_job"'], ['language = "eql"\n', ''], ['index = ["logs-endpoint.events.*"]\n', ''], ["query = '''\nsequence by host.id with maxspan=1m\n  [process where process.name == \"a.exe\"]\n  [process where process.name == \"b.exe\"]\n'''\n", '']);
    const file = 'rules/ml_fixture_rule.toml';
    // Two tactic-named files beside it make the tactic naming the repository's convention.
    const others = ['rules/credential_access_a.toml', 'rules/credential_access_b.toml'].map((other) => loadFixture(passingRule, other));
    const findings = (config: typeof defaultLintConfig) => lintRules([...others, loadFixture(ml, file)], config).filter((f) => f.code === 'lint.file-name-tactic');
    expect(findings(strictLintConfig)).toHaveLength(1);
    expect(findings(defaultLintConfig)).toEqual([]);
  });
});

describe('lint.rule-id-uuid', () => {
  it('warns by default and fails under strict, with the lowercase form as the fix when that is all', () => {
    const text = variant(passingRule, ['rule_id = "0f5c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f60"', 'rule_id = "0F5C4A3E-6D1B-4C8E-9F0A-1B2C3D4E5F60"']);
    expect(inDefault('lint.rule-id-uuid', text)).toMatchObject([{ severity: 'warning', line: lineOf(text, 'rule_id = '), hint: 'write it in lowercase: "0f5c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f60"' }]);
    expect(inStrict('lint.rule-id-uuid', variant(passingRule, ['rule_id = "0f5c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f60"', 'rule_id = "my-rule"']))).toMatchObject([{ severity: 'error' }]);
    expect(inStrict('lint.rule-id-uuid', passingRule)).toEqual([]);
  });
});

describe('severities of the profiles', () => {
  it('turns the checks detection-rules does not make off by default and on under strict', () => {
    const unlicensed = variant(passingRule, ['license = "Elastic License v2"\n', '']);
    expect(inDefault('lint.license', unlicensed)).toEqual([]);
    expect(inStrict('lint.license', unlicensed)).toHaveLength(1);
    // severities: still apply on top of the profile
    expect(lintFindings('lint.license', unlicensed, { ...defaultLintConfig, severities: { 'lint.license': 'warning' } })).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('deprecated rules (load, schema and query checks only)', () => {
  const mismatched = variant(passingRule, ['risk_score = 47', 'risk_score = 99']);

  it('are not linted when maturity is "deprecated" or the file sits under _deprecated/', () => {
    expect(lintRules([loadFixture(mismatched)], strictLintConfig).map((f) => f.code)).toEqual(['lint.risk-severity']);
    expect(lintRules([loadFixture(variant(mismatched, ['maturity = "production"', 'maturity = "deprecated"']))], strictLintConfig)).toEqual([]);
    expect(lintRules([loadFixture(mismatched, 'rules/_deprecated/credential_access_fixture_rule.toml')], strictLintConfig)).toEqual([]);
  });

  it('share a name or rule_id with a live rule without a uniqueness finding, as detection-rules keeps them apart, but not with each other', () => {
    const live = loadFixture(passingRule, 'rules/credential_access_fixture_rule.toml');
    const deprecated = loadFixture(variant(passingRule, ['maturity = "production"', 'maturity = "deprecated"']), 'rules/_deprecated/credential_access_fixture_rule.toml');
    expect(lintRules([live, deprecated], defaultLintConfig)).toEqual([]);
    const twin = loadFixture(passingRule, 'rules/other/credential_access_fixture_rule.toml');
    expect(lintRules([live, twin], defaultLintConfig).map((f) => f.code).sort()).toEqual(['lint.unique-name', 'lint.unique-name', 'lint.unique-rule-id', 'lint.unique-rule-id']);
    // Two deprecated rules sharing an id collide in detection-rules' deprecated collection too.
    const deprecatedTwin = loadFixture(variant(passingRule, ['maturity = "production"', 'maturity = "deprecated"']), 'rules/_deprecated/other.toml');
    expect(lintRules([live, deprecated, deprecatedTwin], defaultLintConfig).map((f) => [f.code, f.file]).sort()).toEqual([
      ['lint.unique-name', 'rules/_deprecated/credential_access_fixture_rule.toml'],
      ['lint.unique-name', 'rules/_deprecated/other.toml'],
      ['lint.unique-rule-id', 'rules/_deprecated/credential_access_fixture_rule.toml'],
      ['lint.unique-rule-id', 'rules/_deprecated/other.toml'],
    ]);
  });
});

describe('profile in .lints.yaml', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const repoWith = (text: string): string => {
    const root = mkdtempSync(path.join(tmpdir(), 'lints-profile-'));
    roots.push(root);
    writeFileSync(path.join(root, '.lints.yaml'), text);
    return root;
  };

  it('reads profile: strict, and defaults to the default profile', () => {
    expect(loadLintConfig(repoWith('profile: strict\n')).config.profile).toBe('strict');
    expect(loadLintConfig(repoWith('severities: {}\n')).config.profile).toBe('default');
  });

  it('reports an unknown profile at its line and column', () => {
    const { config, findings } = loadLintConfig(repoWith('exceptions: []\nprofile: pedantic\n'));
    expect(config).toEqual(defaultLintConfig);
    expect(findings).toMatchObject([{ code: 'lint.config', line: 2, column: 10, message: 'profile must be default or strict' }]);
  });
});

describe('validate --profile', () => {
  it('overrides the profile of .lints.yaml for one run, and refuses an unknown one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'validate-profile-'));
    try {
      // Only the strict profile asks a tagged guide for all five sections.
      const file = path.join(dir, 'credential_access_fixture_rule.toml');
      writeFileSync(file, variant(passingRule, ['### False positive analysis', '### Other notes']));
      const strict = await runCommandCaptured(validate, [file, '--profile', 'strict', '--format', 'json']);
      expect(strict.code).toBe(1);
      expect(JSON.parse(strict.stdout).rules[0].findings.filter((e: { severity: string }) => e.severity === 'error').map((e: { code: string }) => e.code)).toEqual(['lint.guide-sections']);
      const relaxed = await runCommandCaptured(validate, [file, '--profile', 'default']);
      expect(relaxed.code).toBe(0);
      const bad = await runCommandCaptured(validate, [file, '--profile', 'lenient']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe('validate: --profile must be one of default, strict; got "lenient"\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
