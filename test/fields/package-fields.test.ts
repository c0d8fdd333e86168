// Flattening of package-spec field definitions (fields/*.yml), each rule from a small definition
// in the shapes elastic/integrations uses.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../scripts/fields/integration-catalogue.js';
import { packageFromDirectory, packageFromZip } from '../../scripts/fields/package-files.js';
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

describe('packageFromDirectory', () => {
  it('follows elastic/integrations\' .yml.link files to the shared file, and keeps only what a catalogue reads', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'package-dir-'));
    try {
      const pkg = path.join(root, 'packages', 'demo');
      mkdirSync(path.join(pkg, 'data_stream', 'events', 'fields'), { recursive: true });
      mkdirSync(path.join(pkg, 'docs'), { recursive: true });
      mkdirSync(path.join(root, 'common'), { recursive: true });
      writeFileSync(path.join(pkg, 'manifest.yml'), 'name: demo\nversion: 1.0.0\n');
      writeFileSync(path.join(pkg, 'docs', 'README.md'), '# demo\n');
      writeFileSync(path.join(pkg, 'data_stream', 'events', 'manifest.yml'), 'type: logs\n');
      writeFileSync(path.join(root, 'common', 'winlog.yml'), '- name: winlog.channel\n  type: keyword\n');
      // A link names the shared file relative to the link, then its checksum.
      writeFileSync(path.join(pkg, 'data_stream', 'events', 'fields', 'winlog.yml.link'), '../../../../../common/winlog.yml 0123abcd\n');
      const files = packageFromDirectory(pkg);
      expect([...files.keys()].sort()).toEqual(['data_stream/events/fields/winlog.yml', 'data_stream/events/manifest.yml', 'manifest.yml']);
      const catalogue = buildCatalogue(files, 'test', () => undefined);
      expect(catalogue.data_streams).toEqual([{ name: 'events', type: 'logs', dataset: 'demo.events', index_pattern: 'logs-demo.events-*', fields: { 'winlog.channel': 'keyword' } }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a folder without manifest.yml, saying what to give', () => {
    expect(() => packageFromDirectory(tmpdir())).toThrow(/has no manifest\.yml: give the folder of one package/);
  });
});

describe('packageFromZip', () => {
  it('refuses an entry far larger than any package file, before inflating it', () => {
    const bomb = zipSync({ 'demo-1.0.0/manifest.yml': strToU8('name: demo\nversion: 1.0.0\n'), 'demo-1.0.0/fields/big.yml': new Uint8Array(17 * 1024 * 1024) });
    expect(() => packageFromZip(bomb, 'demo-1.0.0.zip')).toThrow('demo-1.0.0.zip holds demo-1.0.0/fields/big.yml, over 16 MiB unpacked');
  });
});
