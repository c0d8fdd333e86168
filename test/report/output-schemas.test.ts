// Every command's --format json output validates against its schema in schemas/output/, on
// passing and on failing input, and a usage error is JSON too.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { main as viewMain } from '../../scripts/author/view-command.js';
import { main as attackMain } from '../../scripts/attack/command.js';
import { main as eqlMain } from '../../scripts/eql/command.js';
import { main as esqlMain } from '../../scripts/esql/command.js';
import { main as kqlMain } from '../../scripts/kql/command.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { main as validateMain } from '../../scripts/rules/validate-command.js';
import { reviewChanges } from '../../scripts/review/review.js';
import { reviewJson } from '../../scripts/review/review-json.js';
import { findTests } from '../../scripts/review/rule-tests.js';
import { validateInRepository } from '../../scripts/review/rule-validation.js';
import { main as replayMain } from '../../scripts/testing/replay-command.js';
import { main as testRulesMain } from '../../scripts/testing/test-rules-command.js';
import { captureOutput } from '../engines/capture-output.js';
import { createRepository, readSeed, SEED_PATH } from '../review/git-repository.js';

const SCHEMAS = path.join(REPO_ROOT, 'schemas', 'output');
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const file of readdirSync(SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as object);
const output = captureOutput();

function expectValid(schema: string, value: unknown): void {
  const validate = ajv.getSchema(`https://detection-rules-as-code.invalid/schemas/output/${schema}.schema.json`);
  if (!validate) throw new Error(`no schema ${schema}`);
  validate(value);
  expect(validate.errors ?? []).toEqual([]);
}

const json = (): unknown => JSON.parse(output.out);

async function brokenRuleDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'output-schemas-'));
  const seed = await readFile(path.join(REPO_ROOT, SEED_PATH), 'utf8');
  await writeFile(path.join(dir, 'broken.toml'), seed.replace('event.action == "Detailed File Share"', 'event.action == "Detailed File Share" and'));
  return dir;
}

describe('JSON outputs against schemas/output', () => {
  it('validate, passing and failing (with a caret excerpt in its own field)', async () => {
    expect(await validateMain(['--format', 'json'])).toBe(0);
    expectValid('validate', json());
    output.out = '';
    expect(await validateMain([await brokenRuleDir(), '--format', 'json'])).toBe(1);
    const report = json() as { rules: { findings: { code: string; excerpt: string | null; message: string }[] }[] };
    expectValid('validate', report);
    const syntax = report.rules[0]?.findings.find((finding) => finding.code === 'eql.syntax');
    expect(syntax?.excerpt).toContain('^');
    expect(syntax?.message).not.toContain('\n');
  });

  it('test:rules, with coverage', async () => {
    expect(await testRulesMain(['--format', 'json', '--coverage', '--require-tests'])).toBe(0);
    expectValid('test-rules', json());
  });

  it('replay: the summary line, with a bad line as a finding', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'output-schemas-'));
    const events = path.join(dir, 'events.ndjson');
    await writeFile(events, '{"@timestamp": "2024-05-01T00:00:00Z", "event": {"category": ["iam"]}}\n{"@timestamp": "2024-05-01T00:00:01Z", "event": {"category": ["iam"],\n');
    expect(await replayMain([SEED_PATH, '--events', events, '--format', 'json'])).toBe(1);
    expectValid('replay-summary', JSON.parse(output.out.trim().split('\n').at(-1) as string));
  });

  it('view', async () => {
    expect(await viewMain([SEED_PATH, '--format', 'json'])).toBe(0);
    expectValid('view', json());
  });

  it.each([
    ['eql', eqlMain, 'process where process.name == "x"', 'process where a = 1'],
    ['kql', kqlMain, 'process.name: x and host.name: y', 'process.nme: x and ('],
    ['esql', esqlMain, 'FROM logs-* | STATS n = COUNT(*) BY host.name', 'FROM logs-* | WHERE host.nme == 1 | EVAL x = TO_LOWER(1)'],
  ] as const)('%s check, passing and failing', async (_language, main, good, bad) => {
    expect(await main(['check', '--query', good, '--format', 'json'])).toBe(0);
    expectValid('query-check', json());
    output.out = '';
    expect(await main(['check', '--query', bad, '--format', 'json'])).toBe(1);
    expectValid('query-check', json());
    expect((json() as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });

  it('attack coverage', async () => {
    expect(await attackMain(['coverage', '--format', 'json'])).toBe(0);
    expectValid('attack-coverage', json());
  });

  it('review, with an added and a changed rule', async () => {
    const repo = await createRepository();
    try {
      const seed = await readSeed();
      await repo.write(SEED_PATH, seed);
      repo.commit('base');
      await repo.write(SEED_PATH, seed.replace('severity = "medium"', 'severity = "high"'));
      await repo.write('rules/windows/added.toml', seed.replaceAll('47e22836-4a16-4b35-beee-98f6c4ee9bf2', '00000000-0000-4000-8000-0000000000b1').replace(/^name = ".*"$/m, 'name = "Added"'));
      const report = await reviewChanges({ cwd: repo.dir, runTests: findTests(path.join(repo.dir, 'test/rules')), validate: validateInRepository(repo.dir) });
      expectValid('review', JSON.parse(JSON.stringify(reviewJson(report))));
    } finally {
      await repo.dispose();
    }
  });

  it('a usage error with --format json is JSON on stdout, exit 2', async () => {
    expect(await validateMain(['--format', 'json', '--no-such-option'])).toBe(2);
    expectValid('error', json());
    output.out = '';
    expect(await viewMain(['nowhere.toml', '--format', 'json'])).toBe(2);
    expect(json()).toMatchObject({ error: { code: 'usage', message: 'cannot read the rule file nowhere.toml: no such file' } });
  });
});
