import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkQuery, FieldCatalogueError, loadFieldCatalogue, parseQuery, requiredFields } from '../../scripts/eql/index.js';
import { patternsOverlap } from '../../scripts/fields/field-catalogue.js';
import { seedIndexPatterns, seedQuery } from './seed-query.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const catalogue = loadFieldCatalogue(repoRoot);
const windows = [...seedIndexPatterns];

function problems(query: string, indexPatterns: readonly string[] = windows) {
  return checkQuery(query, { catalogue, indexPatterns }).problems.map(({ code, line, column, message }) => ({ code, line, column, message }));
}

describe('field catalogue', () => {
  it('knows ECS fields everywhere and declared Windows fields only for their indices', () => {
    expect(catalogue.lookup('process.name', ['logs-endpoint.events.*'])).toEqual({ name: 'process.name', type: 'keyword', ecs: true });
    expect(catalogue.lookup('winlog.event_data.PrivilegeList', windows)).toEqual({
      name: 'winlog.event_data.PrivilegeList',
      type: 'keyword',
      ecs: false,
    });
    expect(catalogue.lookup('winlog.event_data.PrivilegeList', ['logs-endpoint.events.*'])).toBeUndefined();
    expect(catalogue.lookup('winlog.computer_name', ['logs-windows.forwarded*'])?.type).toBe('keyword');
  });

  it('includes ECS multi-fields and keys below labels and flattened fields', () => {
    expect(catalogue.lookup('process.name.text', windows)?.type).toBe('match_only_text');
    expect(catalogue.lookup('labels.team', windows)).toEqual({ name: 'labels.team', type: 'keyword', ecs: true });
    expect(catalogue.lookup('process.pe.imports.name', windows)?.type).toBe('keyword');
    expect(catalogue.lookup('process.nosuch', windows)).toBeUndefined();
  });

  it('matches index patterns by their literal prefixes', () => {
    expect(patternsOverlap('logs-system.*', 'logs-system.*')).toBe(true);
    expect(patternsOverlap('logs-*', 'logs-windows.*')).toBe(true);
    expect(patternsOverlap('logs-system.security-default', 'logs-system.*')).toBe(true);
    expect(patternsOverlap('logs-endpoint.events.*', 'logs-windows.*')).toBe(false);
    expect(patternsOverlap('remote:winlogbeat-*', 'winlogbeat-*')).toBe(true);
    expect(patternsOverlap('auditbeat-8', 'auditbeat-7')).toBe(false);
  });
});

describe('checkQuery', () => {
  it('passes the seed rule', () => {
    expect(problems(seedQuery)).toEqual([]);
  });

  it('fails a typo with a suggestion, at the field', () => {
    expect(problems('iam where winlog.event_data.PrivilegeLst : "SeBackupPrivilege"')).toEqual([
      {
        code: 'eql.field',
        line: 1,
        column: 11,
        message:
          'Unknown field [winlog.event_data.PrivilegeLst] in [winlogbeat-*, logs-system.*], did you mean [winlog.event_data.PrivilegeList]?',
      },
    ]);
  });

  it('hints at the correction first when it has one', () => {
    const hintOf = (query: string) => checkQuery(query, { catalogue, indexPatterns: windows }).problems[0]?.hint;
    expect(hintOf('iam where winlog.event_data.PrivilegeLst : "x"')).toMatch(/^correct it to winlog\.event_data\.PrivilegeList; if the name is right, declare the field/);
    expect(hintOf('iam where zzzqqq.unheard_of : "x"')).toMatch(/^declare the field in schemas\/fields\/\*\.json/);
  });

  it('does not know Windows fields for endpoint indices', () => {
    expect(problems('iam where winlog.event_data.PrivilegeList : "x"', ['logs-endpoint.events.*'])[0]?.message).toMatch(
      /^Unknown field \[winlog\.event_data\.PrivilegeList\]/,
    );
  });

  it('exempts ?optional fields from existence but not from type checks', () => {
    expect(problems('process where ?process.nosuch == 1')).toEqual([]);
    expect(problems('process where ?process.pid : "4"')[0]?.message).toBe(
      'Operator [:] needs a keyword, constant_keyword or wildcard field, but [process.pid] is of type [long]',
    );
  });

  it('fails : on a long field', () => {
    expect(problems('process where process.pid : 4')).toEqual([
      {
        code: 'eql.type',
        line: 1,
        column: 15,
        message: 'Operator [:] needs a keyword, constant_keyword or wildcard field, but [process.pid] is of type [long]',
      },
    ]);
  });

  it.each([
    ['like and regex on an ip', 'network where source.ip like "10.*"', 'Operator [like] needs a keyword, constant_keyword or wildcard field, but [source.ip] is of type [ip]'],
    ['arithmetic on a keyword', 'process where process.name + 1 == 2', 'Arithmetic [+] needs a numeric field, but [process.name] is of type [keyword]'],
    ['< on a boolean', 'file where file.code_signature.trusted < true', 'Operator [<] needs a number, date or keyword field, but [file.code_signature.trusted] is of type [boolean]'],
    ['cidrMatch on a keyword', 'network where cidrMatch(host.name, "10.0.0.0/8")', 'Function [cidrMatch] needs an [ip] field as its first argument, but [host.name] is of type [keyword]'],
    ['startsWith on a long', 'process where startsWith(process.pid, "1")', 'Function [startsWith] needs a string field, but [process.pid] is of type [long]'],
    ['== on text without keyword', 'any where message == "x"', 'No keyword/multi-field defined exact matches for [message]; define one or use a keyword field'],
    ['an object', 'process where process.io == "x"', 'Field [process.io] is an [object]: a query can only read its sub-fields'],
  ])('fails %s', (_name, query, message) => {
    expect(problems(query).map((problem) => problem.message)).toEqual([message]);
  });

  it.each([
    ['wildcard field with :', 'process where process.command_line : "*whoami*"'],
    ['ordering on numbers, dates and keywords', 'process where process.pid > 4 and @timestamp >= 0 and process.name < "m"'],
    ['cidrMatch on an ip', 'network where cidrMatch(source.ip, "10.0.0.0/8")'],
    ['arithmetic on numbers', 'network where source.bytes + destination.bytes > 1000'],
    ['function results', 'process where length(process.name) > 3 and substring(process.name, 1) : "x"'],
  ])('accepts %s', (_name, query) => {
    expect(problems(query)).toEqual([]);
  });

  it.each([
    ['a number field compared with text', 'process where process.pid == "abc"', 15 + 15, 'Field [process.pid] is of type [long], which cannot be compared with ["abc"]: failed to create query: For input string: "abc"'],
    ['a date compared with a date its format cannot read', 'process where @timestamp > "30/08/2017"', 15 + 13, 'Field [@timestamp] is of type [date], which cannot be compared with ["30/08/2017"]: failed to parse date field [30/08/2017] with format [strict_date_optional_time||epoch_millis]'],
    ['a boolean compared with text', 'file where file.code_signature.trusted == "yes"', 12 + 31, "Field [file.code_signature.trusted] is of type [boolean], which cannot be compared with [\"yes\"]: Can't parse boolean value [yes], expected [true] or [false]"],
    ['a string in a number list', 'process where process.pid in (1, "2")', 15 + 19, 'third argument of [process.pid in (1, "2")] must be [long], found value ["2"] type [keyword]'],
    ['a number in a keyword list', 'process where process.name in ("a", 4624)', 15 + 22, 'third argument of [process.name in ("a", 4624)] must be [keyword], found value [4624] type [integer]'],
    ['arithmetic with text', 'process where process.pid + "1" > 2', 15 + 14, 'second argument of [process.pid + "1"] must be [numeric], found value ["1"] type [keyword]'],
    ['a string function on a number', 'process where startsWith(process.name, 5)', 15 + 25, 'second argument of [startsWith(process.name, 5)] must be [string], found value [5] type [integer]'],
  ])('fails %s with eql.type', (_name, query, column, message) => {
    expect(problems(query)).toEqual([{ code: 'eql.type', line: 1, column, message }]);
  });

  it.each([
    ['a number field with a numeric string', 'process where process.pid == "4"'],
    ['a keyword with a number', 'process where process.name == 4'],
    ['a date with an ISO date and epoch millis', 'process where @timestamp >= "2017-08-30T20:47:33Z" and @timestamp < 1504126053000'],
    ['a boolean with "true"', 'file where file.code_signature.trusted == "true"'],
    ['null in a list', 'process where process.pid in (1, null)'],
  ])('accepts %s', (_name, query) => {
    expect(problems(query)).toEqual([]);
  });

  it('reports an unknown field once, at its first use', () => {
    expect(problems('process where nope == 1 or nope == 2').map((p) => p.column)).toEqual([15]);
  });

  it('returns syntax errors without field checks when the query does not parse', () => {
    expect(problems('process where nope ==').map((p) => p.code)).toEqual(['eql.syntax']);
  });
});

describe('sequence rules', () => {
  it('requires the same number of join keys in every step', () => {
    expect(problems('sequence by host.id [process where true] by process.pid [file where true]')).toEqual([
      {
        code: 'eql.syntax',
        line: 1,
        column: 57,
        message: 'Inconsistent number of join keys specified; expected [2] but found [1]',
      },
    ]);
  });

  it('keeps runs within 1 to 100', () => {
    expect(problems('sequence [process where true] with runs=101 [file where true]')[0]?.message).toBe(
      'The value of runs must be between 1 and 100, found [101]',
    );
    expect(problems('sequence [process where true] with runs=0 [file where true]')[0]?.message).toBe(
      'The value of runs must be between 1 and 100, found [0]',
    );
    expect(problems('sequence [process where true] with runs=100 [file where true]')).toEqual([]);
  });

  it('requires maxspan with missing events', () => {
    expect(problems('sequence [process where true] ![file where true]')[0]).toMatchObject({
      column: 31,
      message: 'A sequence with missing events ![…] requires maxspan',
    });
    expect(problems('sequence with maxspan=1m [process where true] ![file where true]')).toEqual([]);
  });
});

describe('requiredFields', () => {
  it('lists the seed rule fields, sorted, with types and ECS flags', () => {
    const parsed = parseQuery(seedQuery);
    if (!parsed.ok) throw new Error('seed query must parse');
    expect(requiredFields(parsed.query, catalogue, windows)).toEqual([
      { name: 'event.action', type: 'keyword', ecs: true },
      { name: 'host.id', type: 'keyword', ecs: true },
      { name: 'winlog.event_data.PrivilegeList', type: 'keyword', ecs: false },
      { name: 'winlog.event_data.RelativeTargetName', type: 'keyword', ecs: false },
      { name: 'winlog.event_data.SubjectLogonId', type: 'keyword', ecs: false },
    ]);
  });
});

describe('field declarations', () => {
  it('declares Elastic Defend Ext fields for endpoint indices only', () => {
    expect(catalogue.lookup('process.Ext.token.integrity_level_name', ['logs-endpoint.events.process-*'])?.type).toBe('keyword');
    expect(catalogue.lookup('process.Ext.token.integrity_level_name', windows)).toBeUndefined();
  });

  it('rejects a declarations file that does not match its schema, naming the file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'eql-fields-'));
    try {
      mkdirSync(path.join(root, 'schemas/fields'), { recursive: true });
      writeFileSync(path.join(root, 'schemas/fields/bad.json'), JSON.stringify({ index_patterns: ['x-*'], fields: { 'a.b': 'strnig' } }));
      expect(() => loadFieldCatalogue(root)).toThrow(FieldCatalogueError);
      expect(() => loadFieldCatalogue(root)).toThrow(/bad\.json: does not match field-declarations\.schema\.json: \/fields\/a\.b must be equal to one of the allowed values/);
      writeFileSync(path.join(root, 'schemas/fields/bad.json'), '{ "index_patterns": [');
      expect(() => loadFieldCatalogue(root)).toThrow(/bad\.json: not valid JSON/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
