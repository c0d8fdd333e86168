// Which files are rule test files, and where a rule's tests belong: one definition for the runner
// and for `test:rules --changed`.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuleTestPath } from '../../scripts/review/changed.js';
import { parseRuleText } from '../../scripts/rules/load.js';
import { createEmbeddedBackend } from '../../scripts/testing/embedded-backend.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';
import { isTestFileName, isTestFileOf, testFileFor } from '../../scripts/testing/test-file.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

describe('rule test file names', () => {
  it('are .test.yaml and .test.yml, in any letter case', () => {
    expect(['x.test.yaml', 'x.test.yml', 'x.TEST.YML', 'a/b/x.Test.Yaml'].map(isTestFileName)).toEqual([true, true, true, true]);
    expect(['x.yaml', 'x.test.json', 'x.test.yaml.bak', 'test.yaml'].map(isTestFileName)).toEqual([false, false, false, false]);
  });

  it('are what test:rules --changed selects under test/rules/', () => {
    expect(isRuleTestPath('test/rules/windows/x.test.yml')).toBe(true);
    expect(isRuleTestPath('test/rules/windows/x.TEST.YAML')).toBe(true);
    expect(isRuleTestPath('test/other/x.test.yaml')).toBe(false);
  });

  it("mirror the rule's path, whatever the rule's extension's letter case, and either suffix is in place", () => {
    expect(testFileFor('rules/windows/x.TOML', 'test/rules')).toBe(path.join('test', 'rules', 'windows', 'x.test.yaml'));
    expect(testFileFor('rules/linux/y.yml', 'test/rules')).toBe(path.join('test', 'rules', 'linux', 'y.test.yaml'));
    expect(isTestFileOf('test/rules/windows/x.test.yml', 'rules/windows/x.toml', 'test/rules')).toBe(true);
    expect(isTestFileOf('test/rules/windows/x.TEST.YAML', 'rules/windows/x.toml', 'test/rules')).toBe(true);
    expect(isTestFileOf('test/rules/linux/x.test.yml', 'rules/windows/x.toml', 'test/rules')).toBe(false);
  });
});

describe('a .test.yml file', () => {
  it('is found and run by the test runner, at its expected place', async () => {
    const { rule, findings: ruleFindings } = parseRuleText(SEED, await readFile(SEED, 'utf8'));
    expect(ruleFindings).toEqual([]);
    const dir = await mkdtemp(path.join(tmpdir(), 'yml-tests-'));
    await mkdir(path.join(dir, 'windows'));
    await writeFile(
      path.join(dir, 'windows', path.basename(SEED).replace('.toml', '.test.yml')),
      'rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n  - name: nothing happens\n    documents: []\n    expect: { alerts: 0 }\n',
    );
    const { reports, findings } = await runRuleTests([rule!], { backend: createEmbeddedBackend(), testsDir: dir });
    expect(findings).toEqual([]);
    expect(reports[0]!.cases.map((c) => [c.name, c.passed])).toEqual([['nothing happens', true]]);
  });
});
