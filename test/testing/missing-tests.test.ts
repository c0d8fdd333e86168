// Every "add tests" message names the exact expected path, and says so when a file is there but
// names another rule or does not load.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { loadRules } from '../../scripts/rules/load.js';
import { createEmbeddedBackend } from '../../scripts/testing/embedded-backend.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';
import { renderRunText, runFindings } from '../../scripts/testing/test-report.js';
import { runCli } from '../support/run-cli.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const readSeedTests = (): Promise<string> => readFile(path.join(REPO_ROOT, 'test/rules/windows', path.basename(SEED).replace('.toml', '.test.yaml')), 'utf8');
let dir: string;
let rule: string;
let testsDir: string;
let expected: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'missing-tests-'));
  // rules/ relative to the working directory, as the runner mirrors it: a folder inside the checkout.
  rule = path.join('rules', 'windows', path.basename(SEED));
  testsDir = path.join(dir, 'tests');
  expected = path.join(testsDir, 'windows', path.basename(SEED).replace('.toml', '.test.yaml'));
  await mkdir(path.dirname(expected), { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run() {
  const { rules } = await loadRules([path.join(REPO_ROOT, SEED)].map((file) => path.relative(process.cwd(), file)));
  const result = await runRuleTests(rules, { backend: createEmbeddedBackend(), testsDir });
  return { result, text: renderRunText(result, { coverage: false, requireTests: true, seconds: 0 }), findings: runFindings(result, true) };
}

describe('a rule without tests', () => {
  it('names the exact path to add, and the command that records a case', async () => {
    const { text, findings } = await run();
    expect(text).toContain(`no test cases: add ${expected} with a case that alerts and one that does not (npm run new -- case ${rule} --from EVENTS.ndjson [--negative])`);
    expect(findings.find((finding) => finding.code === 'test.missing')?.hint).toContain(`add ${expected}`);
  });

  it('says when the file there names another rule, and that is an error', async () => {
    const other = await readSeedTests();
    await writeFile(expected, other.replace('rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2', 'rule_id: 00000000-0000-4000-8000-000000000000'));
    const { text, findings } = await run();
    expect(text).toContain(`no test cases: ${expected} is there but names rule_id 00000000-0000-4000-8000-000000000000, not this rule's 47e22836-4a16-4b35-beee-98f6c4ee9bf2: correct its rule_id`);
    expect(findings).toContainEqual(expect.objectContaining({ code: 'test.other-rule', severity: 'error', file: expected, hint: 'set rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2' }));
  });

  it('says when the file there does not load', async () => {
    await writeFile(expected, 'rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases: []\n');
    const { text } = await run();
    expect(text).toContain(`no test cases: ${expected} is there but does not load: fix the errors reported for it`);
  });

  it('test:rules on a path that does not exist is a usage error, exit 2, as in validate', () => {
    const result = runCli(['test-rules', 'rules/nowhere']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no such file or folder: rules/nowhere');
  });
});
