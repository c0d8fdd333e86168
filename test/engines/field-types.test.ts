// Flattening Elasticsearch mappings into field types.
import { describe, expect, it } from 'vitest';
import { fieldTypesFromMapping, MappingError } from '../../scripts/engines/embedded/field-types.js';

describe('fieldTypesFromMapping', () => {
  const properties = {
    host: { properties: { id: { type: 'keyword', ignore_above: 1024 } } },
    message: { type: 'text' },
    file_name: { type: 'text', fields: { raw: { type: 'wildcard' } } },
    'event.category': { type: 'alias', path: 'event_type' },
  };

  it('flattens nested properties into dotted names with their types', () => {
    const types = fieldTypesFromMapping({ mappings: { properties } });
    expect(types.get('host.id')).toEqual({ type: 'keyword', ignoreAbove: 1024 });
    expect(types.get('message')).toEqual({ type: 'text' });
    expect(types.get('file_name')).toEqual({ type: 'text', keywordSubField: { name: 'raw' } });
    expect(types.get('event.category')).toEqual({ type: 'alias', path: 'event_type' });
  });

  it('accepts { properties } and a GET _mapping answer keyed by index', () => {
    expect(fieldTypesFromMapping({ properties }).size).toBe(4);
    const merged = fieldTypesFromMapping({
      'logs-a': { mappings: { properties: { a: { type: 'long' } } } },
      'logs-b': { mappings: { properties: { b: { type: 'ip' } } } },
    });
    expect([...merged.keys()].sort()).toEqual(['a', 'b']);
  });

  it('rejects what is not a mapping, saying what it needs', () => {
    expect(() => fieldTypesFromMapping([])).toThrow(MappingError);
    expect(() => fieldTypesFromMapping({ settings: {} })).toThrow(/needs "properties"/);
    expect(() => fieldTypesFromMapping({ properties: { x: { type: 'alias' } } })).toThrow(/alias field "x" has no "path"/);
  });
});
