// The replay harness types exactly the fields the Elasticsearch mapping maps: one reading of which
// fields the documents carry.
import { describe, expect, it } from 'vitest';
import { leafValues } from '../../scripts/engines/document-fields.js';
import type { FieldCatalogue } from '../../scripts/eql/index.js';
import { fieldTypesFor } from '../../scripts/testing/field-types.js';

// Types every field as keyword, so the types name exactly the fields the documents carry.
const everyFieldKeyword: FieldCatalogue = {
  lookup: (name) => ({ name, type: 'keyword', ecs: false }),
  suggest: () => undefined,
  hasKeywordSubField: () => false,
};

const documents = [
  { _index: 'logs-a', _id: '1', _source: { process: { args: ['-x', { flag: 'y' }] }, host: null, dll: [] } },
  { _index: 'logs-a', _id: '2', _source: { host: { name: 'h' } } },
];

describe('fieldTypesFor', () => {
  it('types the scalar items of a mixed array, and neither an empty array nor a null field that is an object elsewhere', () => {
    const types = fieldTypesFor(documents, everyFieldKeyword, ['logs-*']);
    expect([...types.keys()]).toEqual(['host.name', 'process.args', 'process.args.flag']);
    expect([...types.keys()]).toEqual([...leafValues(documents.map((document) => document._source)).keys()].sort());
  });
});
