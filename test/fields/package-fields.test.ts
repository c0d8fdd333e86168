// Flattening of package-spec field definitions (fields/*.yml), each rule from a small definition
// in the shapes elastic/integrations uses.
import { describe, expect, it } from 'vitest';
import { flattenFieldsYaml, type FlatFields } from '../../scripts/fields/package-fields.js';

const ecs: Record<string, string> = { 'source.ip': 'ip', 'url.original': 'wildcard' };
function flatten(text: string): FlatFields {
  const into: FlatFields = { fields: new Map(), notes: [] };
  flattenFieldsYaml(text, 'fields/fields.yml', (name) => ecs[name], into);
  return into;
}

describe('flattenFieldsYaml', () => {
  it('nests group fields under the group name, at any depth', () => {
    const { fields } = flatten('- name: aws\n  type: group\n  fields:\n    - name: cloudtrail\n      type: group\n      fields:\n        - name: event_version\n          type: keyword\n');
    expect([...fields]).toEqual([['aws.cloudtrail.event_version', 'keyword']]);
  });

  it('resolves external: ecs from ECS, keeps a type written beside it, and notes a name ECS lacks', () => {
    const { fields, notes } = flatten('- name: source.ip\n  external: ecs\n- name: event.dataset\n  external: ecs\n  type: constant_keyword\n- name: no.such\n  external: ecs\n');
    expect([...fields]).toEqual([['source.ip', 'ip'], ['event.dataset', 'constant_keyword']]);
    expect(notes).toEqual(['fields/fields.yml: no.such refers to ECS, which has no such field in this version; it is left out']);
  });

  it('keeps multi_fields as sub-fields with their types, on ECS references too', () => {
    const { fields } = flatten('- name: o365.audit.SearchQueryText\n  type: keyword\n  multi_fields:\n    - name: text\n      type: match_only_text\n- external: ecs\n  name: url.original\n  multi_fields:\n    - name: caseless\n      normalizer: lowercase\n      type: keyword\n');
    expect([...fields]).toEqual([
      ['o365.audit.SearchQueryText', 'keyword'],
      ['o365.audit.SearchQueryText.text', 'match_only_text'],
      ['url.original', 'wildcard'],
      ['url.original.caseless', 'keyword'],
    ]);
  });

  it('maps `name.*` objects to a typed object and an alias to its target\'s type', () => {
    const { fields } = flatten('- name: labels.*\n  type: object\n  object_type: long\n- name: client.address\n  type: alias\n  path: source.ip\n');
    expect([...fields]).toEqual([['labels', 'object:long'], ['client.address', 'ip']]);
  });

  it('notes what it cannot read instead of failing', () => {
    expect(flatten('- name: [unclosed\n').notes[0]).toMatch(/^fields\/fields\.yml: not valid YAML/);
    expect(flatten('name: not-a-list\n').notes).toEqual(['fields/fields.yml: expected a list of field definitions; its fields are left out']);
    expect(flatten('- type: keyword\n').notes).toEqual(['fields/fields.yml: a field definition without a name is left out']);
  });
});
