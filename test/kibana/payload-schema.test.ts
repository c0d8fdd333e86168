// Cross-checks schemas/kibana-rule.schema.json against Kibana's own OpenAPI schema files in
// vendor/kibana-api: every property we send exists there with a compatible type, the enums
// agree, and every field Kibana requires of a rule type is one we require of it too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaPath, VENDOR_ROOT } from '../../scripts/project-paths.js';

const API_ROOT = path.join(VENDOR_ROOT, 'kibana-api');
const RULE_SCHEMAS = path.join(API_ROOT, 'model/rule_schema/rule_schemas.schema.yaml');

type Node = Record<string, unknown>;
interface Located {
  readonly node: Node;
  readonly file: string;
}

const documents = new Map<string, Node>();
function load(file: string): Node {
  let document = documents.get(file);
  if (document === undefined) {
    document = parse(readFileSync(file, 'utf8')) as Node;
    documents.set(file, document);
  }
  return document;
}

/** Follows `$ref`s across files; refs that climb above the copied folder live in `_parent/`. */
function resolve(located: Located): Located {
  let { node, file } = located;
  while (typeof node.$ref === 'string') {
    const [target, pointer = ''] = node.$ref.split('#');
    if (target) {
      let next = path.resolve(path.dirname(file), target);
      if (!next.startsWith(`${API_ROOT}${path.sep}`)) next = path.join(API_ROOT, '_parent', path.relative(path.dirname(API_ROOT), next));
      file = next;
    }
    node = pointer.split('/').slice(1).reduce<Node>((at, key) => at[key] as Node, load(file));
  }
  return { node, file };
}

interface Flat {
  readonly properties: Map<string, Located>;
  readonly required: Set<string>;
}

function flatten(start: Located, into: Flat = { properties: new Map(), required: new Set() }): Flat {
  const { node, file } = resolve(start);
  for (const part of (node.allOf as Node[] | undefined) ?? []) {
    const partial = part['x-modify'] === 'partial';
    const flat = flatten({ node: part, file });
    for (const [name, value] of flat.properties) into.properties.set(name, value);
    if (!partial) for (const name of flat.required) into.required.add(name);
  }
  for (const [name, value] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) into.properties.set(name, { node: value, file });
  for (const name of (node.required as string[] | undefined) ?? []) into.required.add(name);
  return into;
}

function typesOf(start: Located): Set<string> {
  const { node, file } = resolve(start);
  const alternatives = (node.oneOf ?? node.anyOf) as Node[] | undefined;
  if (alternatives) return new Set(alternatives.flatMap((alternative) => [...typesOf({ node: alternative, file })]));
  if (typeof node.type === 'string') return new Set([node.type]);
  if (Array.isArray(node.enum)) return new Set(node.enum.map((value) => typeof value));
  return new Set(['any']);
}

function enumOf(start: Located): Set<unknown> | undefined {
  const { node } = resolve(start);
  return Array.isArray(node.enum) ? new Set(node.enum) : undefined;
}

const KIBANA_TYPES: Record<string, string> = {
  eql: 'EqlRuleCreateProps',
  query: 'QueryRuleCreateProps',
  saved_query: 'SavedQueryRuleCreateProps',
  threshold: 'ThresholdRuleCreateProps',
  threat_match: 'ThreatMatchRuleCreateProps',
  machine_learning: 'MachineLearningRuleCreateProps',
  new_terms: 'NewTermsRuleCreateProps',
  esql: 'EsqlRuleCreateProps',
};

describe('schemas/kibana-rule.schema.json against Kibana\'s OpenAPI schemas', () => {
  const ours = JSON.parse(readFileSync(schemaPath('kibana-rule.schema.json'), 'utf8')) as Node;
  const ourResolve = (node: Node): Node => (typeof node.$ref === 'string' ? ((ours.$defs as Record<string, Node>)[node.$ref.split('/').at(-1) as string] as Node) : node);
  const ourProperties = ours.properties as Record<string, Node>;
  const kibana = () =>
    Object.fromEntries(Object.entries(KIBANA_TYPES).map(([type, name]) => [type, flatten({ node: { $ref: `#/components/schemas/${name}` }, file: RULE_SCHEMAS })]));

  it('sends only properties Kibana knows, with compatible types', () => {
    const all = new Map<string, Located[]>();
    for (const flat of Object.values(kibana())) {
      for (const [name, located] of flat.properties) all.set(name, [...(all.get(name) ?? []), located]);
    }
    const problems: string[] = [];
    for (const [name, property] of Object.entries(ourProperties)) {
      const theirs = all.get(name);
      if (theirs === undefined) {
        problems.push(`${name}: not a Kibana rule property`);
        continue;
      }
      const their = new Set(theirs.flatMap((located) => [...typesOf(located)]));
      if (their.has('integer')) their.add('number');
      const mine = typesOfOurs(ourResolve(property));
      for (const type of mine) {
        if (!their.has(type) && !their.has('any')) problems.push(`${name}: we send ${type}, Kibana takes ${[...their].join('|')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('agrees with Kibana on the values of every enumerated property', () => {
    const flats = kibana();
    const problems: string[] = [];
    for (const [name, property] of Object.entries(ourProperties)) {
      const mine = ourResolve(property).enum as unknown[] | undefined;
      if (mine === undefined) continue;
      const theirs = new Set<unknown>();
      for (const flat of Object.values(flats)) {
        const located = flat.properties.get(name);
        for (const value of located ? (enumOf(located) ?? []) : []) theirs.add(value);
      }
      if (JSON.stringify([...mine].sort()) !== JSON.stringify([...theirs].sort())) {
        problems.push(`${name}: ours ${JSON.stringify(mine)}, Kibana's ${JSON.stringify([...theirs])}`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(ourProperties).filter((name) => ourResolve(ourProperties[name] as Node).enum !== undefined)).toEqual(
      expect.arrayContaining(['type', 'language', 'severity', 'threat_language']),
    );
  });

  it('requires of each rule type at least what Kibana requires', () => {
    const base = new Set(ours.required as string[]);
    const branches = ours.allOf as { if: { properties: { type: { const: string } } }; then: { required: string[] } }[];
    const problems: string[] = [];
    for (const [type, flat] of Object.entries(kibana())) {
      const branch = branches.find((candidate) => candidate.if.properties.type.const === type);
      const required = new Set([...base, ...(branch?.then.required ?? [])]);
      for (const name of flat.required) if (!required.has(name)) problems.push(`${type}: Kibana requires ${name}`);
    }
    expect(problems).toEqual([]);
    expect(Object.keys(kibana())).toHaveLength(8);
  });

  function typesOfOurs(node: Node): Set<string> {
    const alternatives = node.oneOf as Node[] | undefined;
    if (alternatives) return new Set(alternatives.flatMap((alternative) => [...typesOfOurs(alternative)]));
    if (typeof node.type === 'string') return new Set([node.type === 'integer' ? 'number' : node.type]);
    if (Array.isArray(node.enum)) return new Set(node.enum.map((value) => typeof value));
    if (node.const !== undefined) return new Set([typeof node.const]);
    return new Set(['any']);
  }
});
