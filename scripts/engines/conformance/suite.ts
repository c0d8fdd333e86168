// Loads an Elasticsearch EQL spec suite (manifest, mappings, data, TOML specs) the way
// Elasticsearch's QA harness indexes it; the format is described in vendor/elasticsearch-eql/README.md.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { EqlSearchOptions, EventDocument, FieldTypes } from '../types.js';
import { fieldTypesFromMapping, MappingError } from '../embedded/field-types.js';

export class SuiteError extends Error {}

/** The placeholder Elasticsearch's harness replaces with a random keyword-like type. */
const RANDOM_KEYWORD = '[runtime_random_keyword_type]';
export const keywordVariants = ['keyword', 'wildcard'] as const;
export type KeywordVariant = (typeof keywordVariants)[number];

export interface Spec {
  readonly name: string;
  readonly query: string;
  /** The one right answer, or any one of several. */
  readonly expected: readonly (readonly number[])[];
  readonly joinKeys?: readonly string[];
  readonly size?: number;
}

export interface Suite {
  readonly name: string;
  readonly manifest: string;
  readonly idField: string;
  readonly search: EqlSearchOptions;
  readonly specs: readonly Spec[];
  /** Events in indexing order and field types, per keyword variant. */
  load(variant: KeywordVariant): Promise<{ events: EventDocument[]; fieldTypes: FieldTypes; fieldTypesByIndex?: ReadonlyMap<string, FieldTypes> }>;
}

interface IndexEntry {
  name: string;
  mapping: string;
  data: string;
  transform?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SuiteError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SuiteError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}

// Windows FILETIME (100 ns ticks since 1601) to epoch milliseconds.
const FILETIME_EPOCH_OFFSET_MS = 11644473600000;

function applyTransform(source: Record<string, unknown>, transform: string | undefined, file: string): void {
  if (transform === undefined) return;
  if (transform !== 'endgame-filetime') throw new SuiteError(`${file}: unknown transform "${transform}"`);
  const ticks = source.timestamp;
  if (typeof ticks === 'number') source['@timestamp'] = Math.floor(ticks / 10000) - FILETIME_EPOCH_OFFSET_MS;
}

function toSpec(entry: unknown, file: string, index: number): Spec {
  if (!isObject(entry) || typeof entry.name !== 'string' || typeof entry.query !== 'string') {
    throw new SuiteError(`${file}: queries[${index}] needs a "name" and a "query"`);
  }
  const ids = entry.expected_event_ids;
  if (!Array.isArray(ids)) throw new SuiteError(`${file}: query "${entry.name}" has no expected_event_ids list`);
  const nested = ids.length > 0 && ids.every(Array.isArray);
  const expected = (nested ? ids : [ids]) as unknown[][];
  if (!expected.every((list) => list.every((id) => typeof id === 'number'))) {
    throw new SuiteError(`${file}: query "${entry.name}" has non-numeric expected_event_ids`);
  }
  const joinKeys = Array.isArray(entry.join_keys) ? entry.join_keys.map(String) : undefined;
  return {
    name: entry.name,
    query: entry.query,
    expected: expected as number[][],
    ...(joinKeys && joinKeys.length > 0 ? { joinKeys } : {}),
    ...(typeof entry.size === 'number' ? { size: entry.size } : {}),
  };
}

async function loadSpecs(file: string): Promise<Spec[]> {
  const text = await readText(file, 'spec file');
  let toml: Record<string, unknown>;
  try {
    toml = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new SuiteError(`${file}: invalid TOML (${(error as Error).message})`);
  }
  const queries = Array.isArray(toml.queries) ? toml.queries : [];
  return queries.map((entry, index) => toSpec(entry, file, index));
}

function parseIndexEntry(entry: unknown, manifest: string): IndexEntry {
  if (!isObject(entry) || typeof entry.name !== 'string' || typeof entry.mapping !== 'string' || typeof entry.data !== 'string') {
    throw new SuiteError(`${manifest}: each of "indices" needs "name", "mapping" and "data"`);
  }
  return {
    name: entry.name,
    mapping: entry.mapping,
    data: entry.data,
    ...(typeof entry.transform === 'string' ? { transform: entry.transform } : {}),
  };
}

export async function loadSuite(manifest: string): Promise<Suite> {
  const json = parseJson(await readText(manifest, 'suite manifest'), manifest);
  if (!isObject(json)) throw new SuiteError(`${manifest}: a suite manifest is a JSON object`);
  const dir = path.dirname(manifest);
  const indices = Array.isArray(json.indices) ? json.indices.map((entry) => parseIndexEntry(entry, manifest)) : [];
  if (indices.length === 0) throw new SuiteError(`${manifest}: "indices" must list at least one index`);
  const search = isObject(json.search) ? json.search : {};
  if (typeof json.id_field !== 'string') throw new SuiteError(`${manifest}: "id_field" must name the event id field`);
  if (!Array.isArray(json.specs) || json.specs.length === 0) throw new SuiteError(`${manifest}: "specs" must list spec files`);
  const specs = (await Promise.all(json.specs.map((spec) => loadSpecs(path.resolve(dir, String(spec)))))).flat();
  const searched = typeof search.index === 'string' ? search.index.split(',').map((name) => name.trim()) : indices.map((i) => i.name);
  const options: EqlSearchOptions = {
    ...(typeof search.timestamp_field === 'string' ? { timestamp_field: search.timestamp_field } : {}),
    ...(typeof search.event_category_field === 'string' ? { event_category_field: search.event_category_field } : {}),
    ...(typeof search.tiebreaker_field === 'string' ? { tiebreaker_field: search.tiebreaker_field } : {}),
    ...(typeof search.size === 'number' ? { size: search.size } : {}),
  };

  async function load(variant: KeywordVariant) {
    const events: EventDocument[] = [];
    const fieldTypes = new Map<string, ReturnType<FieldTypes['get']> & object>();
    const fieldTypesByIndex = new Map<string, FieldTypes>();
    for (const index of indices.filter((i) => searched.includes(i.name))) {
      const mappingFile = path.resolve(dir, index.mapping);
      const mappingText = (await readText(mappingFile, 'mapping'))
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n')
        .replaceAll(RANDOM_KEYWORD, variant);
      let types: FieldTypes;
      try {
        types = fieldTypesFromMapping(parseJson(mappingText, mappingFile));
      } catch (error) {
        if (error instanceof MappingError) throw new SuiteError(`${mappingFile}: ${error.message}`);
        throw error;
      }
      for (const [name, type] of types) fieldTypes.set(name, type);
      fieldTypesByIndex.set(index.name, types);
      const dataFile = path.resolve(dir, index.data);
      const dataText = (await readText(dataFile, 'data file'))
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('//'))
        .join('\n');
      const data = parseJson(dataText, dataFile);
      if (!Array.isArray(data)) throw new SuiteError(`${dataFile}: the data must be a JSON array of events`);
      for (const source of data) {
        if (!isObject(source)) throw new SuiteError(`${dataFile}: every event must be a JSON object`);
        applyTransform(source, index.transform, dataFile);
        events.push({ _index: index.name, _id: String(events.length + 1), _source: source });
      }
    }
    return { events, fieldTypes, fieldTypesByIndex };
  }

  return { name: typeof json.name === 'string' ? json.name : path.basename(manifest), manifest, idField: json.id_field, search: options, specs, load };
}
