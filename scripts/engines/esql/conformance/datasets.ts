// Loads the data sets of Elasticsearch's ES|QL spec tests (CsvTestsDataLoader): each index has a
// mapping (JSON, with multi-fields under `fields`) and a CSV file whose first line names the columns
// as `name:type`. Values are trimmed; an empty value is absent; `[a,b]` is a multi-value (commas
// inside escaped with `\`); `_id` names the document id. Sub-field columns (`height.float`) hold the
// value Elasticsearch derives for that multi-field; a sub-field the CSV lacks gets its parent's value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventDocument, FieldMapping, FieldTypes } from '../../types.js';

export interface IndexEntry {
  readonly mapping: string;
  readonly data: string;
}

export interface DatasetManifest {
  /** Index name → its mapping and CSV data, paths relative to the manifest. */
  readonly indices: Readonly<Record<string, IndexEntry>>;
  /** Indices of Elasticsearch's harness that are not vendored: a FROM that reaches one is out of scope. */
  readonly otherIndices: readonly string[];
}

export interface LoadedData {
  readonly manifest: DatasetManifest;
  readonly documents: readonly EventDocument[];
  readonly fieldTypes: ReadonlyMap<string, FieldTypes>;
}

export class DatasetError extends Error {}

interface MappedField {
  readonly name: string;
  readonly type: string;
  readonly scalingFactor?: number;
  /** The parent of a multi-field (`height` for `height.float`). */
  readonly parent?: string;
}

/** The leaf fields of a mapping's `properties`, objects flattened to dotted names, multi-fields included. */
export function mappedFields(mapping: unknown): MappedField[] {
  const fields: MappedField[] = [];
  const visit = (properties: unknown, prefix: string): void => {
    if (typeof properties !== 'object' || properties === null) return;
    for (const [key, definition] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (definition.properties) {
        visit(definition.properties, name);
        continue;
      }
      const type = typeof definition.type === 'string' ? definition.type : 'object';
      fields.push({ name, type, ...(typeof definition.scaling_factor === 'number' ? { scalingFactor: definition.scaling_factor } : {}) });
      if (definition.fields && typeof definition.fields === 'object') {
        for (const [sub, subDefinition] of Object.entries(definition.fields as Record<string, Record<string, unknown>>)) {
          fields.push({
            name: `${name}.${sub}`,
            type: typeof subDefinition.type === 'string' ? subDefinition.type : 'keyword',
            parent: name,
            ...(typeof subDefinition.scaling_factor === 'number' ? { scalingFactor: subDefinition.scaling_factor } : {}),
          });
        }
      }
    }
  };
  visit((mapping as { properties?: unknown }).properties, '');
  return fields;
}

/** CsvTestUtils.multiValuesAwareCsvToStringArray: splits on unescaped commas, `[...]` entries kept whole. */
export function splitCsvLine(line: string): string[] {
  const entries: string[] = [];
  let multi: string[] | null = null;
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ',' && line[i - 1] !== '\\') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  for (const raw of parts) {
    const entry = raw.trim();
    if (multi === null && entry.startsWith('[')) {
      if (entry.endsWith(']')) entries.push(entry.length > 2 ? entry.slice(1, -1) : '');
      else multi = [entry.slice(1)];
    } else if (multi !== null && entry.endsWith(']')) {
      multi.push(entry.slice(0, -1));
      entries.push(multi.join(','));
      multi = null;
    } else if (multi !== null) multi.push(entry);
    else entries.push(entry);
  }
  if (multi !== null) throw new DatasetError(`unclosed multi-value in ${line.slice(0, 60)}…`);
  return entries;
}

/** One CSV value as the JSON value the loader indexes, read back as the field's doc value would be. */
function csvValue(raw: string, type: string, field: MappedField | undefined): unknown {
  let value = raw.replaceAll('\\,', ',');
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  const fieldType = field?.type ?? type;
  switch (fieldType) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'unsigned_long':
      // Elasticsearch coerces a decimal to a whole number by truncation.
      return Number.isNaN(Number(value)) ? value : Math.trunc(Number(value));
    case 'double':
    case 'float':
    case 'half_float':
      return Number.isNaN(Number(value)) ? value : Number(value);
    case 'scaled_float': {
      const factor = field?.scalingFactor ?? 100;
      // ScaledFloatFieldMapper stores Math.round(value * factor) and reads it back divided by the factor
      // (since the fix_precision_of_scaled_float_fields capability; before, times 1/factor, which made
      // 2.03 read as 2.0300000000000002 and which the older specs' double columns still match).
      return Math.round(Number(value) * factor) / factor;
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

export function loadManifest(manifestPath: string): DatasetManifest {
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DatasetManifest;
  } catch (error) {
    throw new DatasetError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  if (typeof manifest.indices !== 'object' || !Array.isArray(manifest.otherIndices)) throw new DatasetError(`${manifestPath}: needs "indices" and "otherIndices"`);
  return manifest;
}

/** Builds the documents and per-index field types of every vendored index. */
export function loadDatasets(manifestPath: string): LoadedData {
  const manifest = loadManifest(manifestPath);
  const root = path.dirname(manifestPath);
  const documents: EventDocument[] = [];
  const fieldTypes = new Map<string, FieldTypes>();
  for (const [index, entry] of Object.entries(manifest.indices)) {
    const fields = mappedFields(JSON.parse(readFileSync(path.join(root, entry.mapping), 'utf8')));
    const byName = new Map(fields.map((field) => [field.name, field]));
    fieldTypes.set(index, new Map<string, FieldMapping>(fields.map((field) => [field.name, { type: field.type }])));
    const lines = readFileSync(path.join(root, entry.data), 'utf8').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('//'));
    const [headerLine, ...rows] = lines;
    if (headerLine === undefined) continue;
    const header = splitCsvLine(headerLine).map((column) => {
      const at = column.indexOf(':');
      return at < 0 ? { name: column.trim(), type: 'keyword' } : { name: column.slice(0, at).trim(), type: column.slice(at + 1).trim() };
    });
    rows.forEach((row, rowIndex) => {
      const entries = splitCsvLine(row);
      if (entries.length !== header.length) throw new DatasetError(`${entry.data}:${rowIndex + 2}: expected ${header.length} entries, found ${entries.length}`);
      const source: Record<string, unknown> = {};
      let id = String(rowIndex);
      entries.forEach((raw, column) => {
        const { name, type } = header[column] as { name: string; type: string };
        if (raw === '') return;
        if (name === '_id') {
          id = raw;
          return;
        }
        const field = byName.get(name);
        const values = raw.split(/(?<!\\),/).map((part) => csvValue(part, type, field));
        source[name] = values.length === 1 ? values[0] : values;
      });
      // Multi-fields the CSV does not list take their parent's value.
      for (const field of fields) {
        if (field.parent !== undefined && !(field.name in source) && field.parent in source) {
          const parentValues = ([] as unknown[]).concat(source[field.parent]);
          const derived = parentValues.map((value) => csvValue(String(value), field.type, field));
          source[field.name] = derived.length === 1 ? derived[0] : derived;
        }
      }
      documents.push({ _index: index, _id: id, _source: source });
    });
  }
  return { manifest, documents, fieldTypes };
}
