// What a mapping changes in the answers, as Elasticsearch's field mappers decide it: dates compared
// with strings parsed in the field's format, custom formats (also in join keys), date_nanos order,
// null_value, version order, constant_keyword, match_only_text.
import { describe, expect, it } from 'vitest';
import { EqlCompileError } from '../../scripts/engines/embedded/compile-expression.js';
import { compileQuery } from '../../scripts/engines/embedded/compile-query.js';
import { fieldTypesFromMapping } from '../../scripts/engines/embedded/field-types.js';
import { runEql } from '../../scripts/engines/embedded/index.js';
import { ids, parse, search } from './run-query.js';

const types = (properties: Record<string, unknown>) => fieldTypesFromMapping({ properties: { '@timestamp': { type: 'date' }, event: { properties: { category: { type: 'keyword' } } }, ...properties } });
const at = (iso: string, extra: Record<string, unknown> = {}) => ({ '@timestamp': iso, event: { category: 'process' }, ...extra });

describe('date fields compared with strings', () => {
  const events = [at('2017-08-30T20:47:33.000Z', { id: 'a' }), at('2017-08-30T20:47:34Z', { id: 'b' })];
  const fieldTypes = types({});

  it('parses the literal with the default format strict_date_optional_time||epoch_millis', async () => {
    expect(await ids('process where @timestamp == "2017-08-30T20:47:33Z"', events, { fieldTypes })).toEqual(['a']);
    expect(await ids('process where @timestamp < "2017-08-30T20:47:33.500Z"', events, { fieldTypes })).toEqual(['a']);
    expect(await ids('process where @timestamp >= "2017-08-30"', events, { fieldTypes })).toEqual(['a', 'b']);
    expect(await ids('process where @timestamp in ("2017-08-30T20:47:34Z", "1504126053000")', events, { fieldTypes })).toEqual(['a', 'b']);
  });

  it('fails the search when the field format cannot parse the literal', async () => {
    const failure = search('process where @timestamp == "30/08/2017"', events, { fieldTypes });
    await expect(failure).rejects.toBeInstanceOf(EqlCompileError);
    await expect(failure).rejects.toThrow('failed to parse date field [30/08/2017] with format [strict_date_optional_time||epoch_millis]');
  });

  it('reads a custom format in documents, literals and join keys', async () => {
    const fieldTypes = types({ seen: { type: 'date', format: 'yyyy-MM-dd HH:mm:ss||epoch_second' } });
    const events = [at('2020-01-02T00:00:00Z', { id: 'a', seen: '2020-01-02 03:04:05' }), at('2020-01-02T00:00:01Z', { id: 'b', seen: 1577934245 })];
    expect(await ids('process where seen == "2020-01-02 03:04:05"', events, { fieldTypes })).toEqual(['a', 'b']);
    const response = await search('sequence by seen [process where id == "a"] [process where id == "b"]', events, { fieldTypes });
    expect(response.hits.sequences?.[0]?.join_keys).toEqual(['2020-01-02 03:04:05']);
    const iso = await search('sequence by @timestamp [process where true] [process where true]', [at('2020-01-02T00:00:00Z'), at('2020-01-02T00:00:00Z')], { fieldTypes });
    expect(iso.hits.sequences?.[0]?.join_keys).toEqual(['2020-01-02T00:00:00.000Z']);
  });
});

describe('date_nanos', () => {
  it('orders events below the millisecond', async () => {
    const fieldTypes = fieldTypesFromMapping({ properties: { '@timestamp': { type: 'date_nanos' } } });
    const events = [
      { id: 'late', '@timestamp': '2020-01-02T03:04:05.123456789Z', event: { category: 'process' } },
      { id: 'early', '@timestamp': '2020-01-02T03:04:05.123000001Z', event: { category: 'process' } },
    ];
    expect(await ids('process where true', events, { fieldTypes })).toEqual(['early', 'late']);
    expect(await ids('process where @timestamp > "2020-01-02T03:04:05.123400Z"', events, { fieldTypes })).toEqual(['late']);
  });
});

describe('null_value, version, constant_keyword and match_only_text', () => {
  it('indexes an explicit null as null_value; a missing field stays missing', async () => {
    const fieldTypes = types({ user: { type: 'keyword', null_value: 'NULL' }, code: { type: 'long', null_value: -1 } });
    const events = [at('2020-01-01T00:00:00Z', { id: 'null', user: null, code: [5, null] }), at('2020-01-01T00:00:01Z', { id: 'missing' })];
    expect(await ids('process where user == "NULL"', events, { fieldTypes })).toEqual(['null']);
    expect(await ids('process where code == -1', events, { fieldTypes })).toEqual(['null']);
    expect(await ids('process where user == null', events, { fieldTypes })).toEqual(['missing']);
  });

  it('orders version fields by semantic-version precedence', async () => {
    const fieldTypes = types({ v: { type: 'version' } });
    const events = ['1.9.0', '1.10.1', '2.0.0-alpha', '2.0.0', 'not-a-version'].map((v, i) => at(`2020-01-01T00:00:0${i}Z`, { id: v, v }));
    expect(await ids('process where v > "1.10.0"', events, { fieldTypes })).toEqual(['1.10.1', '2.0.0-alpha', '2.0.0', 'not-a-version']);
    expect(await ids('process where v < "2.0.0"', events, { fieldTypes })).toEqual(['1.9.0', '1.10.1', '2.0.0-alpha']);
  });

  it('gives every document the constant_keyword value of its mapping', async () => {
    const fieldTypes = types({ env: { type: 'constant_keyword', value: 'prod' } });
    expect(await ids('process where env == "prod" and env : "pr*"', [at('2020-01-01T00:00:00Z', { id: 'x' })], { fieldTypes })).toEqual(['x']);
  });

  it('compares match_only_text through its keyword sub-field, and rejects it without one', async () => {
    const withKeyword = types({ msg: { type: 'match_only_text', fields: { keyword: { type: 'keyword' } } } });
    expect(await ids('process where msg == "hello"', [at('2020-01-01T00:00:00Z', { id: 'x', msg: 'hello' })], { fieldTypes: withKeyword })).toEqual(['x']);
    await expect(search('process where msg == "hello"', [], { fieldTypes: types({ msg: { type: 'match_only_text' } }) })).rejects.toThrow(/text field without a keyword sub-field/);
  });
});

describe('per-index mappings', () => {
  it('reads each event with the mapping of its own index', async () => {
    const base = { properties: { '@timestamp': { type: 'date' }, event: { properties: { category: { type: 'keyword' } } } } };
    const withProps = (properties: Record<string, unknown>) => fieldTypesFromMapping({ properties: { ...base.properties, ...properties } });
    const fieldTypesByIndex = new Map([
      ['logs-a', withProps({ env: { type: 'constant_keyword', value: 'prod' }, user: { type: 'keyword', null_value: 'NULL' } })],
      ['logs-b', withProps({ env: { type: 'constant_keyword', value: 'dev' }, user: { type: 'keyword' } })],
    ]);
    const documents = [
      { _index: 'logs-a', _id: 'a', _source: at('2020-01-01T00:00:00Z', { user: null }) },
      { _index: 'logs-b', _id: 'b', _source: at('2020-01-01T00:00:01Z', { user: null }) },
    ];
    const run = async (text: string) => (await runEql(parse(text), documents, { fieldTypesByIndex })).hits.events?.map((e) => e._id);
    expect(await run('process where env == "dev"')).toEqual(['b']);
    expect(await run('process where user == "NULL"')).toEqual(['a']);
    expect(await run('process where user == null')).toEqual(['b']);
  });
});

describe('the raw-line prefilter and mapping features', () => {
  it('never skips a line whose value comes from the mapping (null_value, constant_keyword) rather than the text', () => {
    const fieldTypes = types({ user: { type: 'keyword', null_value: 'NULL' }, env: { type: 'constant_keyword', value: 'prod' }, name: { type: 'keyword' } });
    const line = JSON.stringify(at('2020-01-01T00:00:00Z', { user: null }));
    expect(compileQuery(parse('process where user == "NULL"'), { fieldTypes }).mayMatchLine(line)).toBe(true);
    expect(compileQuery(parse('process where env == "prod"'), { fieldTypes }).mayMatchLine(line)).toBe(true);
    expect(compileQuery(parse('process where name == "cmd.exe"'), { fieldTypes }).mayMatchLine(line)).toBe(false);
    const constantCategory = fieldTypesFromMapping({ properties: { event: { properties: { category: { type: 'constant_keyword', value: 'process' } } } } });
    expect(compileQuery(parse('process where true'), { fieldTypes: constantCategory }).mayMatchLine('{"a":1}')).toBe(true);
  });
});
