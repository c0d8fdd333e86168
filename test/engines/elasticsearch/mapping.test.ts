// The mapping of a run index from the documents, the catalogue and the fields the search needs.
import { describe, expect, it } from 'vitest';
import { leafValues } from '../../../scripts/engines/document-fields.js';
import { buildMapping } from '../../../scripts/engines/elasticsearch/mapping.js';
import type { FieldMapping } from '../../../scripts/engines/types.js';

const types = (entries: [string, FieldMapping][]) => new Map(entries);

describe('buildMapping', () => {
  it('flattens nested objects, dotted keys and arrays of objects into the same fields', () => {
    const leaves = leafValues([
      { event: { action: 'a' }, 'host.name': 'h', process: { args: ['x', 'y'] }, dll: [{ name: 'n1' }, { name: 'n2' }] },
    ]);
    expect(Object.fromEntries(leaves)).toEqual({ 'event.action': ['a'], 'host.name': ['h'], 'process.args': ['x', 'y'], 'dll.name': ['n1', 'n2'] });
  });

  it('types catalogued fields, including a text field\'s keyword sub-field and an alias with its target', () => {
    const mapping = buildMapping(
      [{ message: 'hello', source: { ip: '10.0.0.1' } }],
      types([
        ['message', { type: 'match_only_text' }],
        ['source.ip', { type: 'ip' }],
        ['process.title', { type: 'text', keywordSubField: { name: 'keyword', ignoreAbove: 1024 } }],
        ['host.hostname', { type: 'alias', path: 'host.name' }],
        ['host.name', { type: 'keyword', ignoreAbove: 1024 }],
        ['metric.ratio', { type: 'scaled_float' }],
      ]),
      ['process.title', 'host.hostname', 'metric.ratio'],
    );
    expect(mapping.properties).toEqual({
      message: { type: 'match_only_text' },
      source: { properties: { ip: { type: 'ip' } } },
      process: { properties: { title: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 1024 } } } } },
      host: { properties: { hostname: { type: 'alias', path: 'host.name' }, name: { type: 'keyword', ignore_above: 1024 } } },
      metric: { properties: { ratio: { type: 'double' } } },
    });
  });

  it('keeps the mapping parameters the embedded engine honours: format, null_value, constant value', () => {
    const types = new Map<string, FieldMapping>([
      ['seen', { type: 'date', format: 'yyyy-MM-dd' }],
      ['user', { type: 'keyword', nullValue: 'NULL' }],
      ['env', { type: 'constant_keyword', constantValue: 'prod' }],
    ]);
    expect(buildMapping([], types, ['seen', 'user', 'env']).properties).toEqual({
      seen: { type: 'date', format: 'yyyy-MM-dd' },
      user: { type: 'keyword', null_value: 'NULL' },
      env: { type: 'constant_keyword', value: 'prod' },
    });
  });

  it('infers uncatalogued fields from their values, strings as keyword', () => {
    const mapping = buildMapping([{ a: 'x', b: 3, c: 1.5, d: false, e: [1, 2.5], f: ['x', 1] }], new Map(), []);
    expect(mapping.properties).toEqual({
      a: { type: 'keyword' },
      b: { type: 'long' },
      c: { type: 'double' },
      d: { type: 'boolean' },
      e: { type: 'double' },
      f: { type: 'keyword' },
    });
  });

  it('maps a flattened field once, at its root', () => {
    const mapping = buildMapping([{ labels: { team: 'blue', env: { tier: 'prod' } } }], types([['labels', { type: 'flattened' }]]), []);
    expect(mapping.properties).toEqual({ labels: { type: 'flattened' } });
  });

  it('treats a field that is null in one document and an object in another as an object', () => {
    const mapping = buildMapping([{ user: null }, { user: { name: 'alice' } }], new Map(), []);
    expect(mapping.properties).toEqual({ user: { properties: { name: { type: 'keyword' } } } });
  });

  it('refuses a field that is both a value and an object, naming both', () => {
    expect(() => buildMapping([{ user: 'alice' }, { user: { name: 'alice' } }], new Map(), [])).toThrow(
      'field "user" is both a value and an object (it has the sub-field "user.name")',
    );
  });
});
