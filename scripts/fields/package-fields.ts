// An integration package's field definitions (its fields/*.yml) flattened to dotted names with
// their Elasticsearch types, as Fleet maps them. The format is elastic/package-spec's
// spec/integration/data_stream/fields/fields.spec.yml: `group` nests `fields` under its name,
// `external: ecs` borrows the definition of the ECS field of that name, `object` with
// `object_type` maps any key below it (names ending in `.*`), and `multi_fields` add sub-fields.
import { parse } from 'yaml';

/** The ECS type of a field, for `external: ecs` definitions. */
export type EcsTypeOf = (name: string) => string | undefined;

export interface FlatFields {
  /** Dotted name → type; `object:<type>` for an object whose every key has that type. */
  readonly fields: Map<string, string>;
  /** Problems that did not stop the reading: an ECS reference this ECS version lacks, a malformed entry. */
  readonly notes: string[];
}

interface FieldDefinition {
  name?: unknown;
  type?: unknown;
  external?: unknown;
  fields?: unknown;
  object_type?: unknown;
  multi_fields?: unknown;
  path?: unknown;
}

const isDefinition = (value: unknown): value is FieldDefinition => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Adds the fields of one fields/*.yml text to `into`; `file` names it in notes. */
export function flattenFieldsYaml(text: string, file: string, ecsTypeOf: EcsTypeOf, into: FlatFields): void {
  let definitions: unknown;
  try {
    definitions = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    into.notes.push(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]}); its fields are left out`);
    return;
  }
  if (definitions === null || definitions === undefined) return;
  if (!Array.isArray(definitions)) {
    into.notes.push(`${file}: expected a list of field definitions; its fields are left out`);
    return;
  }
  flattenList(definitions, '', file, ecsTypeOf, into);
}

function flattenList(definitions: unknown[], prefix: string, file: string, ecsTypeOf: EcsTypeOf, into: FlatFields): void {
  for (const definition of definitions) {
    if (!isDefinition(definition) || typeof definition.name !== 'string' || definition.name === '') {
      into.notes.push(`${file}: a field definition without a name is left out`);
      continue;
    }
    const name = prefix + definition.name;
    const type = typeof definition.type === 'string' ? definition.type : undefined;
    if (type === 'group' || (type === undefined && Array.isArray(definition.fields))) {
      flattenList(Array.isArray(definition.fields) ? definition.fields : [], `${name}.`, file, ecsTypeOf, into);
      continue;
    }
    if (definition.external === 'ecs' && type === undefined) {
      const ecsType = ecsTypeOf(name);
      if (ecsType === undefined) {
        into.notes.push(`${file}: ${name} refers to ECS, which has no such field in this version; it is left out`);
        continue;
      }
      into.fields.set(name, ecsType);
      addMultiFields(name, definition, into);
      continue;
    }
    if (type === 'object' && name.endsWith('.*')) {
      // `detailEntry.*` with object_type keyword: any key below detailEntry is a keyword.
      const objectType = typeof definition.object_type === 'string' ? definition.object_type : 'keyword';
      into.fields.set(name.slice(0, -2), `object:${objectType}`);
      continue;
    }
    // An alias reads its target; Fleet maps `path` relative to the index root.
    const resolved = type === 'alias' && typeof definition.path === 'string' ? (into.fields.get(definition.path) ?? ecsTypeOf(definition.path) ?? 'keyword') : (type ?? 'keyword');
    // An object without `.*` (winlog.event_data) keeps its declared sub-fields only, as detection-rules'
    // flattened integration schemas do: a misspelt key below it is still unknown.
    into.fields.set(name, resolved);
    addMultiFields(name, definition, into);
  }
}

function addMultiFields(name: string, definition: FieldDefinition, into: FlatFields): void {
  if (!Array.isArray(definition.multi_fields)) return;
  for (const multi of definition.multi_fields) {
    if (isDefinition(multi) && typeof multi.name === 'string') into.fields.set(`${name}.${multi.name}`, typeof multi.type === 'string' ? multi.type : 'keyword');
  }
}
