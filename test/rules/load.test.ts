import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFile, loadRules, parseRuleText } from '../../scripts/rules/load.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const SEED_YAML = 'test/fixtures/rules/seed-rule.yaml';
const seedText = await readFile(SEED, 'utf8');
const seedYaml = await readFile(SEED_YAML, 'utf8');

/** The seed rule with one line replaced; fails loudly if the line is not there. */
function mutate(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

const findingsOf = (file: string, text: string) => parseRuleText(file, text).findings;

describe('the seed rule', () => {
  it('loads and validates with every fact of its issue', async () => {
    const { rule, findings } = await loadRuleFile(SEED);
    expect(findings).toEqual([]);
    const r = rule!.document.rule;
    expect(r).toMatchObject({
      rule_id: '47e22836-4a16-4b35-beee-98f6c4ee9bf2',
      name: 'Suspicious Remote Registry Access via SeBackupPrivilege',
      type: 'eql',
      language: 'eql',
      version: 101,
      risk_score: 47,
      severity: 'medium',
      index: ['winlogbeat-*', 'logs-system.*'],
      interval: '5m',
      from: 'now-9m',
      max_signals: 100,
      author: ['Elastic'],
      license: 'Elastic License v2',
    });
    expect(r.threat?.map((t) => t.tactic.id)).toEqual(['TA0006', 'TA0008']);
    expect(r.threat?.[0]?.technique?.[0]?.subtechnique?.[0]?.id).toBe('T1003.002');
    expect(r.query).toContain('sequence by host.id, winlog.event_data.SubjectLogonId with maxspan=1m');
    expect(rule!.document.metadata).toEqual({
      creation_date: '2022/02/16',
      integration: ['system', 'windows'],
      maturity: 'production',
      min_stack_version: '8.3.0',
      updated_date: '2022/11/07',
    });
  });

  it('loads from its YAML twin to an identical object', async () => {
    const toml = await loadRuleFile(SEED);
    const yaml = await loadRuleFile(SEED_YAML);
    expect(yaml.findings).toEqual([]);
    expect(yaml.rule!.document).toEqual(toml.rule!.document);
  });

  it('locates keys, table-array items and query characters in both formats', async () => {
    const toml = (await loadRuleFile(SEED)).rule!.source;
    expect(toml.locate(['rule', 'risk_score'])).toEqual({ line: 73, column: 1 });
    expect(toml.locate(['rule', 'threat', 1, 'tactic', 'name'])).toEqual({ line: 129, column: 1 });
    expect(toml.locate(['rule', 'tags', 2])).toEqual({ line: 87, column: 28 });
    // The query starts on the line after `query = '''`; offset 71 is the ` [iam` of its second line.
    expect(toml.locateInString(['rule', 'query'], 71)).toEqual({ line: 93, column: 2 });
    const yaml = (await loadRuleFile(SEED_YAML)).rule!.source;
    expect(yaml.locate(['rule', 'risk_score'])).toEqual({ line: 75, column: 3 });
    expect(yaml.locateInString(['rule', 'query'], 71)).toEqual({ line: 101, column: 6 });
  });
});

describe('broken rules', () => {
  it.each([
    ['wrong enum', 'severity = "medium"', 'severity = "urgent"', 'schema.enum', 86, 1, 'rule.severity', /must be one of "low", "medium", "high", "critical"; got "urgent"/],
    ['risk 147', 'risk_score = 47', 'risk_score = 147', 'schema.range', 73, 1, 'rule.risk_score', /rule.risk_score must be <= 100; got 147/],
    ['misspelt key', 'risk_score = 47', 'risk_scor = 47', 'schema.unknown-key', 73, 1, 'rule.risk_scor', /did you mean "risk_score"\?/],
    ['bad creation_date', 'creation_date = "', 'creation_date = "x', 'schema.pattern', 3, 1, 'metadata.creation_date', /YYYY\/MM\/DD/],
    ['TOML syntax error', 'max_signals = 100', 'max_signals = = 100', 'load.toml', 21, 15, undefined, /TOML syntax error/],
  ])('%s', (_name, from, to, code, line, column, fieldPath, message) => {
    const findings = findingsOf('broken.toml', mutate(seedText, from, to));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code, line, column, severity: 'error', file: 'broken.toml' });
    if (fieldPath) expect(findings[0]!.path).toBe(fieldPath);
    expect(findings[0]!.message).toMatch(message);
  });

  it('missing query of an eql rule, reported at its table', () => {
    const start = seedText.indexOf("query = '''");
    const end = seedText.indexOf("'''", start + 12) + 3;
    const findings = findingsOf('broken.toml', seedText.slice(0, start) + seedText.slice(end));
    expect(findings).toEqual([
      expect.objectContaining({ code: 'schema.required', line: 9, column: 1, path: 'rule', message: 'rule is missing the required key "query"' }),
    ]);
  });

  it('YAML syntax error, with its line and column', () => {
    const findings = findingsOf('broken.yaml', mutate(seedYaml, '  risk_score: 47', '  risk_score: [47'));
    // The unclosed [ on line 75 is seen where the next key starts.
    expect(findings[0]).toMatchObject({ code: 'load.yaml', line: 76, column: 3, severity: 'error' });
    expect(findings[0]!.message).toMatch(/^YAML syntax error: Flow sequence .* end with a \]/);
  });

  it('YAML duplicate key is an error, not a silent overwrite', () => {
    const findings = findingsOf('broken.yaml', mutate(seedYaml, '  risk_score: 47', '  risk_score: 47\n  risk_score: 48'));
    expect(findings[0]).toMatchObject({ code: 'load.yaml', line: 76, column: 3 });
    expect(findings[0]!.message).toMatch(/unique; "risk_score" is already a key/);
  });

  it('reports every problem in a file, not just the first', () => {
    let text = mutate(seedText, 'risk_score = 47', 'risk_score = 147');
    text = mutate(text, 'severity = "medium"', 'severity = "urgent"');
    text = mutate(text, 'interval = "5m"', 'interval = "5 minutes"');
    expect(findingsOf('broken.toml', text).map((f) => [f.code, f.line])).toEqual(
      expect.arrayContaining([['schema.range', 73], ['schema.enum', 86], ['schema.pattern', 18]]),
    );
  });

  it('rejects a tactic id of the wrong form with the line of the id', () => {
    const findings = findingsOf('broken.toml', mutate(seedText, 'id = "TA0008"', 'id = "TA008"'));
    expect(findings[0]).toMatchObject({ code: 'schema.pattern', line: 128, path: 'rule.threat[1].tactic.id' });
  });
});

describe('hostile input', () => {
  const write = async (name: string, content: string | Uint8Array) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rules-'));
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };

  it.each([
    ['empty file', 'empty.toml', '  \n', 'load.empty'],
    ['binary file', 'binary.toml', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), 'load.binary'],
    ['non-UTF-8 bytes', 'latin1.toml', new Uint8Array([...Buffer.from('name = "caf'), 0xe9, ...Buffer.from('"\n')]), 'load.encoding'],
    ['deeply nested TOML', 'deep.toml', `a = ${'['.repeat(100_000)}`, 'load.nesting'],
    ['deeply nested YAML', 'deep.yaml', `a: ${'['.repeat(100_000)}`, 'load.nesting'],
    ['deeply nested YAML block sequences', 'deep-block.yaml', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(2 * i)}- \n`).join(''), 'load.nesting'],
    ['a bare value', 'scalar.yaml', '42\n', 'schema.type'],
    // A million unknown keys once took 30 s and 1.8 GB; no rule holds more than a few thousand lines and commas.
    ['900,000 keys of TOML', 'keys.toml', Array.from({ length: 900_000 }, (_, i) => `k${i} = 1\n`).join(''), 'load.too-large'],
    ['900,000 keys of YAML, one per line', 'keys.yaml', Array.from({ length: 900_000 }, (_, i) => `k${i}: 1\n`).join(''), 'load.too-large'],
    ['900,000 keys of YAML in one flow mapping', 'flow.yaml', `{${Array.from({ length: 900_000 }, (_, i) => `k${i}: 1`).join(', ')}}`, 'load.too-large'],
  ])('%s gets a clear error', async (_name, fileName, content, code) => {
    const started = performance.now();
    const { findings } = await loadRuleFile(await write(fileName, content));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(findings.map((f) => f.code)).toEqual([code]);
    expect(findings[0]!.message).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('names the line and column of the first invalid UTF-8 byte', async () => {
    const bytes = new Uint8Array([...Buffer.from('a = 1\nname = "caf'), 0xe9, ...Buffer.from('"\n')]);
    const { findings } = await loadRuleFile(await write('latin1.toml', bytes));
    expect(findings[0]).toMatchObject({ code: 'load.encoding', line: 2, column: 12 });
  });

  it('counts the column of an invalid byte in characters, after multi-byte characters on earlier lines', async () => {
    // "é" is two bytes: a byte offset less a character offset would put the column one too far.
    const bytes = new Uint8Array([...Buffer.from('name = "é"\nx = "caf'), 0xe9, ...Buffer.from('"\n')]);
    const { findings } = await loadRuleFile(await write('latin1-after-utf8.toml', bytes));
    expect(findings[0]).toMatchObject({ code: 'load.encoding', line: 2, column: 9 });
  });

  it('places the nesting finding at the deepest bracket', () => {
    expect(findingsOf('deep.toml', `a = 1\nb = ${'['.repeat(100)}`)[0]).toMatchObject({ code: 'load.nesting', line: 2, column: 4 + 100 });
  });

  it('refuses a file over 10 MB without parsing it', async () => {
    const { findings } = await loadRuleFile(await write('huge.toml', `note = "${'x'.repeat(10 * 1024 * 1024)}"`));
    expect(findings.map((f) => f.code)).toEqual(['load.too-large']);
  });

  // Each of these took seconds to minutes when positions or duplicate keys were found by
  // searching from the start for every key; the limits are far above the linear times.
  it('reports 45,000 unknown YAML keys (near the 50,000 lines a rule file may hold), one finding each, in linear time', () => {
    const text = Array.from({ length: 45_000 }, (_, i) => `k${i}: ${i}\n`).join('');
    const started = performance.now();
    const findings = findingsOf('many.yaml', text).filter((f) => f.code === 'schema.unknown-key');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(findings).toHaveLength(45_000);
    expect(findings.at(-1)).toMatchObject({ line: 45_000, column: 1 });
  });

  it('locates a finding under a 100 KB TOML table header in linear time', () => {
    const started = performance.now();
    const findings = findingsOf('header.toml', `[${Array(50_000).fill('a').join('.')}]\nx = 1\n`);
    expect(performance.now() - started).toBeLessThan(3000);
    // The missing tables are reported at the top of the file, the unknown one at its header.
    expect(findings.map((f) => [f.code, f.path, f.line, f.column])).toEqual([
      ['schema.required', '', 1, 1],
      ['schema.required', '', 1, 1],
      ['schema.unknown-key', 'a', 1, 1],
    ]);
  });

  it('refuses a file of gigabytes by its size, without reading it', async () => {
    const file = await write('sparse.toml', '');
    await truncate(file, 3 * 1024 ** 3);
    const { findings } = await loadRuleFile(file);
    await rm(file);
    expect(findings.map((f) => [f.code, f.message])).toEqual([['load.too-large', 'file is 3221225472 bytes; rule files are limited to 10485760 bytes']]);
  });

  it('reads a file relative to a root while naming it as given', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rules-'));
    await writeFile(path.join(dir, 'seed.toml'), seedText);
    const { rule, findings } = await loadRuleFile('seed.toml', dir);
    expect(findings).toEqual([]);
    expect(rule?.file).toBe('seed.toml');
  });

  it('refuses a file of gigabytes relative to a root by its size, naming it as given', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rules-'));
    await writeFile(path.join(dir, 'sparse.toml'), '');
    await truncate(path.join(dir, 'sparse.toml'), 3 * 1024 ** 3);
    const { findings } = await loadRuleFile('sparse.toml', dir);
    await rm(dir, { recursive: true });
    expect(findings.map((f) => [f.code, f.file])).toEqual([['load.too-large', 'sparse.toml']]);
  });

  it('reports a path that does not exist', async () => {
    const { findings } = await loadRules(['no/such/folder']);
    expect(findings).toEqual([expect.objectContaining({ code: 'load.missing', file: 'no/such/folder' })]);
  });

  it('reports a named file that is not a rule file instead of reading it as YAML', async () => {
    const { files, findings } = await loadRules(['README.md']);
    expect(files).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ code: 'load.extension', file: 'README.md', message: 'not a rule file: README.md; rule files end in .toml, .yaml, .yml' })]);
  });
});
