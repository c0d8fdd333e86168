import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../scripts/rules/load.js';
import { checkRuleQuery } from '../../scripts/rules/query-check.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const seedText = await readFile(SEED, 'utf8');

const check = (text: string, file = 'rule.toml') => {
  const { rule, findings } = parseRuleText(file, text);
  expect(findings).toEqual([]);
  return checkRuleQuery(rule!);
};

describe('the query stage of validate', () => {
  it('passes the seed rule', () => {
    expect(check(seedText)).toEqual([]);
  });

  it('places a syntax error at its line and column in the rule file', () => {
    const findings = check(seedText.replace('"logged-in-special"  and', '"logged-in-special"  an'));
    expect(findings).toEqual([expect.objectContaining({ code: 'eql.syntax', line: 93, column: 50, path: 'rule.query' })]);
    expect(findings[0]!.message).toMatch(/^mismatched input 'an'/);
  });

  it('places an unknown field at its line, with a suggestion', () => {
    const findings = check(seedText.replace('not winlog.event_data.PrivilegeList', 'not winlog.event_data.PrivilegeLst'));
    expect(findings).toEqual([expect.objectContaining({ code: 'eql.field', line: 97, column: 7 })]);
    expect(findings[0]!.message).toContain('did you mean [winlog.event_data.PrivilegeList]');
  });

  it('maps positions in a YAML block scalar query too', async () => {
    const yaml = (await readFile('test/fixtures/rules/seed-rule.yaml', 'utf8')).replace('not winlog.event_data.PrivilegeList', 'not winlog.event_data.PrivilegeLst');
    expect(check(yaml, 'rule.yaml')).toEqual([expect.objectContaining({ code: 'eql.field', line: 105, column: 11 })]);
  });

  // The same misspelt field (decoded offset 40) in each way YAML can write a string: escapes
  // and folded line breaks make the file position differ from the offset in the query.
  it.each([
    ['double-quoted, with escapes', String.raw`  query: "process where process.name == \"a\" and process.nme : \"x\""`, 99, 51],
    ['double-quoted, with an escaped newline', String.raw`  query: "process where process.name == \"a\"\n  and process.nme : \"x\""`, 99, 54],
    ['plain, over two lines', '  query: process where process.name == "a"\n    and  process.nme == "x"', 100, 10],
    ['single-quoted, over two lines', `  query: 'process where process.name == "a"\n\n    and process.nme == "x"'`, 101, 9],
    ['folded block', '  query: >-\n    process where process.name == "a"\n    and process.nme : "x"', 101, 9],
  ])('maps positions in a YAML %s query', async (_name, queryYaml, line, column) => {
    const seedYaml = await readFile('test/fixtures/rules/seed-rule.yaml', 'utf8');
    const block = /^  query: \|\n(?: {4}.*\n|\n)+/m.exec(seedYaml)![0];
    const findings = check(seedYaml.replace(block, `${queryYaml}\n`), 'rule.yaml');
    expect(findings).toEqual([expect.objectContaining({ code: 'eql.field', line, column })]);
    expect(findings[0]!.message).toContain('[process.nme]');
  });

  it.each([
    ['basic string with escapes', String.raw`query = "process where process.name == \"a\" and \u0070rocess.nme : \"x\""`, 91, 50],
    ['multi-line basic string with a line-ending backslash', 'query = """\nprocess where process.name == "a" and \\\n    process.nme : "x"\n"""', 93, 5],
  ])('maps positions in a TOML %s query', (_name, queryToml, line, column) => {
    const block = /^query = '''\n[\s\S]*?'''$/m.exec(seedText)![0];
    const findings = check(seedText.replace(block, queryToml));
    expect(findings).toEqual([expect.objectContaining({ code: 'eql.field', line, column })]);
  });

  it('skips the field check when metadata.query_schema_validation is false, not the syntax check', () => {
    const unchecked = seedText.replace('maturity = "production"', 'maturity = "production"\nquery_schema_validation = false');
    expect(check(unchecked.replace('not winlog.event_data.PrivilegeList', 'not winlog.event_data.PrivilegeLst'))).toEqual([]);
    expect(check(unchecked.replace('"logged-in-special"  and', '"logged-in-special"  an')).map((f) => f.code)).toEqual(['eql.syntax']);
  });

  it('reports a regex Elasticsearch would reject, at its line, as an error', () => {
    const findings = check(seedText.replace('RelativeTargetName : "winreg"', 'RelativeTargetName regex~ "win[reg"'));
    expect(findings).toEqual([expect.objectContaining({ code: 'eql.invalid', severity: 'error', line: 98, column: 55 })]);
    expect(findings[0]!.message).toMatch(/^invalid regular expression "win\[reg"/);
  });

  it('warns when only the embedded engine cannot run a query Elasticsearch accepts', () => {
    const findings = check(seedText.replace('RelativeTargetName : "winreg"', 'RelativeTargetName regex "win&reg"'));
    expect(findings).toEqual([expect.objectContaining({ code: 'eql.replay', severity: 'warning', line: 98 })]);
    expect(findings[0]!.hint).toContain('--engine elasticsearch');
  });
});
