// One integration package's field catalogue: every data stream with the index pattern Fleet
// writes it to (`<type>-<dataset>-<namespace>`, elastic/package-spec's data stream naming) and
// its flattened fields. Written by `fields sync` to schemas/fields/integrations/<package>.json,
// with the versions in packages.lock.json beside them; read by the field check.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { PackageFiles } from './package-files.js';
import { PackageReadError } from './package-files.js';
import { flattenFieldsYaml, type EcsTypeOf, type FlatFields } from './package-fields.js';

export const INTEGRATIONS_FOLDER = path.join('schemas', 'fields', 'integrations');
export const LOCK_FILE = 'packages.lock.json';

export interface DataStreamFields {
  readonly name: string;
  readonly type: string;
  readonly dataset: string;
  readonly index_pattern: string;
  readonly fields: Record<string, string>;
}

export interface IntegrationCatalogue {
  readonly package: string;
  readonly version: string;
  /** Where it was read: `registry <url>`, `packages-dir <dir>`, `zip <file>`, `cluster <url>`. */
  readonly source: string;
  readonly data_streams: DataStreamFields[];
}

const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

function readYaml(files: PackageFiles, file: string): Record<string, unknown> {
  try {
    return asRecord(parse(files.get(file) ?? '', { maxAliasCount: 100 }));
  } catch (error) {
    throw new PackageReadError(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Flattens the fields files under `folder` (`data_stream/x/fields/`), in name order. */
function fieldsUnder(files: PackageFiles, folder: string, ecsTypeOf: EcsTypeOf, notes: string[]): Record<string, string> {
  const flat: FlatFields = { fields: new Map(), notes };
  for (const file of [...files.keys()].filter((name) => name.startsWith(folder) && !name.slice(folder.length).includes('/')).sort()) {
    flattenFieldsYaml(files.get(file) ?? '', file, ecsTypeOf, flat);
  }
  return Object.fromEntries([...flat.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The catalogue of a package's files; `notes` collects what was left out, and why. */
export function buildCatalogue(files: PackageFiles, source: string, ecsTypeOf: EcsTypeOf, notes: string[] = []): IntegrationCatalogue {
  const manifest = readYaml(files, 'manifest.yml');
  const name = manifest.name;
  const version = manifest.version;
  if (typeof name !== 'string' || typeof version !== 'string') throw new PackageReadError('manifest.yml lacks name or version: it is not an integration package');
  const streams = [...new Set([...files.keys()].map((file) => /^data_stream\/([^/]+)\//.exec(file)?.[1]).filter((stream): stream is string => stream !== undefined))].sort();
  const dataStreams = streams.map((stream): DataStreamFields => {
    const streamManifest = readYaml(files, `data_stream/${stream}/manifest.yml`);
    const type = typeof streamManifest.type === 'string' ? streamManifest.type : 'logs';
    // package-spec: dataset defaults to <package>.<data stream folder>.
    const dataset = typeof streamManifest.dataset === 'string' ? streamManifest.dataset : `${name}.${stream}`;
    return { name: stream, type, dataset, index_pattern: `${type}-${dataset}-*`, fields: fieldsUnder(files, `data_stream/${stream}/fields/`, ecsTypeOf, notes) };
  });
  if (dataStreams.length === 0 && [...files.keys()].some((file) => file.startsWith('fields/'))) {
    // An input package: its data stream's dataset is chosen at install time, under the package's name.
    dataStreams.push({ name, type: 'logs', dataset: name, index_pattern: `logs-${name}*`, fields: fieldsUnder(files, 'fields/', ecsTypeOf, notes) });
  }
  return { package: name, version, source, data_streams: dataStreams };
}

export type PackageLock = Record<string, { version: string; source: string }>;

/** Writes `<package>.json` and records its version in the lock; returns the catalogue's path. */
export function writeCatalogue(root: string, catalogue: IntegrationCatalogue): string {
  const folder = path.join(root, INTEGRATIONS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${catalogue.package}.json`);
  writeFileSync(file, `${JSON.stringify(catalogue, null, 2)}\n`);
  const lock = readLock(root);
  lock[catalogue.package] = { version: catalogue.version, source: catalogue.source };
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(path.join(folder, LOCK_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  return file;
}

export function readLock(root: string): PackageLock {
  const file = path.join(root, INTEGRATIONS_FOLDER, LOCK_FILE);
  if (!existsSync(file)) return {};
  try {
    return asRecord(JSON.parse(readFileSync(file, 'utf8'))) as PackageLock;
  } catch {
    return {};
  }
}

/** A catalogue file that cannot be used: an environment problem, reported with its file. */
export class CatalogueFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

function isCatalogue(value: unknown): value is IntegrationCatalogue {
  const record = asRecord(value);
  return (
    typeof record.package === 'string' &&
    typeof record.version === 'string' &&
    Array.isArray(record.data_streams) &&
    record.data_streams.every((stream) => {
      const s = asRecord(stream);
      return typeof s.index_pattern === 'string' && Object.values(asRecord(s.fields)).every((type) => typeof type === 'string');
    })
  );
}

/** Every catalogue under `root`'s schemas/fields/integrations/. */
export function loadCatalogues(root: string): IntegrationCatalogue[] {
  const folder = path.join(root, INTEGRATIONS_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json') && file !== LOCK_FILE)
    .sort()
    .map((file) => {
      const full = path.join(folder, file);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(full, 'utf8'));
      } catch (error) {
        throw new CatalogueFileError(full, `not valid JSON: ${(error as Error).message}; run npm run fields -- sync ${file.slice(0, -5)} again`);
      }
      if (!isCatalogue(data)) throw new CatalogueFileError(full, `not an integration field catalogue; run npm run fields -- sync ${file.slice(0, -5)} again`);
      return data;
    });
}
