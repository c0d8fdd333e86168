// Which fields exist, with which type, for a rule's index patterns: ECS (every index), the
// declarations in schemas/fields/*.json (only indices matching their index_patterns), and the
// integration packages' catalogues in schemas/fields/integrations/ (only the data streams the
// patterns reach; written by `npm run fields -- sync`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../project-paths.js';
import { nearest } from '../report/suggest.js';
import { CatalogueFileError, loadCatalogues } from './integration-catalogue.js';
import { packagesNamedBy } from './index-packages.js';
import { loadEcsTable } from './ecs-table.js';
import { precompiledValidator } from '../validators/precompiled.js';
import * as fieldDeclarationsValidator from '../validators/field-declarations.generated.js';

export interface FieldInfo {
  name: string;
  type: string;
  ecs: boolean;
  /** The integration package (`okta 2.5.0`) whose catalogue has the field. */
  package?: string;
}

export interface FieldCatalogue {
  lookup(name: string, indexPatterns: readonly string[]): FieldInfo | undefined;
  suggest(name: string, indexPatterns: readonly string[]): string | undefined;
  /** Whether `name` (a text field) has a keyword-family sub-field, so exact matching works on it. */
  hasKeywordSubField(name: string, indexPatterns: readonly string[]): boolean;
  /** Packages the patterns name (`logs-okta.system-*` → okta) whose synced catalogue has no data stream they reach; optional for stand-in catalogues. */
  uncataloguedPackages?(indexPatterns: readonly string[]): string[];
}

/** A declarations file that cannot be used: an environment problem, reported with its file. */
export class FieldCatalogueError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** The field types compared as exact strings (the static checker and the embedded engine alike). */
export const keywordFamily: ReadonlySet<string> = new Set(['keyword', 'constant_keyword', 'wildcard']);
export const textTypes: ReadonlySet<string> = new Set(['text', 'match_only_text']);

interface Declarations {
  readonly file: string;
  readonly indexPatterns: readonly string[];
  readonly fields: ReadonlyMap<string, string>;
  /** For a data stream of an integration catalogue: `okta 2.5.0`. */
  readonly package?: string;
}

const catalogues = new Map<string, FieldCatalogue>();

/** The catalogue for a checkout, built once per process (it is asked for every rule). */
export function loadFieldCatalogue(repoRoot: string = REPO_ROOT): FieldCatalogue {
  let catalogue = catalogues.get(repoRoot);
  if (!catalogue) {
    const integrations = loadIntegrations(repoRoot);
    // A hand-written declaration is the repository's explicit word: it wins over a synced package's definition.
    catalogue = new Catalogue(loadEcsTable(), [...loadDeclarations(path.join(repoRoot, 'schemas', 'fields')), ...integrations.streams], integrations.packages);
    catalogues.set(repoRoot, catalogue);
  }
  return catalogue;
}

/** The ECS type of `name` (`external: ecs` references of integration packages). */
export function ecsFieldType(name: string): string | undefined {
  ecsTypes ??= loadEcsTable();
  return ecsTypes.get(name);
}
let ecsTypes: Map<string, string> | undefined;

/** Each data stream of each synced package, as declarations of the stream's index pattern. */
function loadIntegrations(repoRoot: string): { streams: Declarations[]; packages: ReadonlyMap<string, readonly string[]> } {
  let loaded;
  try {
    loaded = loadCatalogues(repoRoot);
  } catch (error) {
    if (error instanceof CatalogueFileError) throw new FieldCatalogueError(error.file, error.message.slice(error.file.length + 2));
    throw error;
  }
  const streams = loaded.flatMap((catalogue) =>
    catalogue.data_streams.map((stream) => ({
      file: path.join(repoRoot, 'schemas', 'fields', 'integrations', `${catalogue.package}.json`),
      indexPatterns: [stream.index_pattern],
      fields: new Map(Object.entries(stream.fields)),
      package: `${catalogue.package} ${catalogue.version}`,
    })),
  );
  const packages = new Map(loaded.map((catalogue) => [catalogue.package, catalogue.data_streams.map((stream) => stream.index_pattern)]));
  return { streams, packages };
}

const validateDeclarations = precompiledValidator('fieldDeclarations', fieldDeclarationsValidator);

function loadDeclarations(directory: string): Declarations[] {
  let files: string[];
  try {
    files = readdirSync(directory).filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json')).sort();
  } catch {
    return [];
  }
  // The schema belongs to the tool, the declarations to the checkout being checked.
  const validate = validateDeclarations();
  return files.map((file) => {
    const full = path.join(directory, file);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(full, 'utf8'));
    } catch (error) {
      throw new FieldCatalogueError(full, `not valid JSON: ${(error as Error).message}`);
    }
    if (!validate(data)) {
      const first = validate.errors?.[0];
      throw new FieldCatalogueError(full, `does not match field-declarations.schema.json: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
    }
    const { index_patterns, fields } = data as { index_patterns: string[]; fields: Record<string, string> };
    return { file: full, indexPatterns: index_patterns, fields: new Map(Object.entries(fields)) };
  });
}

/**
 * Whether two index patterns can name a common index. Kept simple on purpose: the literal
 * prefixes before the first `*` must agree (one starts with the other), and patterns without
 * `*` must then match exactly. `logs-*` overlaps `logs-system.*`; `logs-endpoint.*` does not.
 * A cluster prefix (`remote:`) is ignored.
 */
export function patternsOverlap(a: string, b: string): boolean {
  const left = a.slice(a.indexOf(':') + 1);
  const right = b.slice(b.indexOf(':') + 1);
  const leftStar = left.indexOf('*');
  const rightStar = right.indexOf('*');
  if (leftStar < 0 && rightStar < 0) return left === right;
  const leftPrefix = leftStar < 0 ? left : left.slice(0, leftStar);
  const rightPrefix = rightStar < 0 ? right : right.slice(0, rightStar);
  if (leftStar < 0) return left.startsWith(rightPrefix);
  if (rightStar < 0) return right.startsWith(leftPrefix);
  return leftPrefix.startsWith(rightPrefix) || rightPrefix.startsWith(leftPrefix);
}

class Catalogue implements FieldCatalogue {
  /** Fields available per index-pattern list (joined), built on first use. */
  private readonly views = new Map<string, Map<string, FieldInfo>>();
  private readonly suggestions = new Map<string, string | undefined>();

  constructor(
    private readonly ecs: ReadonlyMap<string, string>,
    private readonly declarations: readonly Declarations[],
    /** Synced package → its data streams' index patterns. */
    private readonly syncedPackages: ReadonlyMap<string, readonly string[]>,
  ) {}

  private view(indexPatterns: readonly string[]): Map<string, FieldInfo> {
    const key = indexPatterns.join('\n');
    let view = this.views.get(key);
    if (view) return view;
    view = new Map();
    for (const [name, type] of this.ecs) view.set(name, { name, type, ecs: true });
    // Exclusions (`-pattern`) narrow a search; they never add fields.
    const included = indexPatterns.filter((pattern) => !pattern.startsWith('-'));
    for (const declarations of this.declarations) {
      // Without index patterns (a data view, an ad-hoc check) any declared field may be there.
      const applies =
        included.length === 0 || included.some((pattern) => declarations.indexPatterns.some((declared) => patternsOverlap(pattern, declared)));
      if (!applies) continue;
      for (const [name, type] of declarations.fields) {
        if (!view.has(name)) view.set(name, { name, type, ecs: false, ...(declarations.package ? { package: declarations.package } : {}) });
      }
    }
    this.views.set(key, view);
    return view;
  }

  lookup(name: string, indexPatterns: readonly string[]): FieldInfo | undefined {
    const view = this.view(indexPatterns);
    const direct = view.get(name);
    if (direct) return direct.type.startsWith('object:') ? { ...direct, type: 'object' } : direct;
    // Below an object with a declared value type (labels.*) or a flattened field, any key exists.
    for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      const parent = view.get(name.slice(0, dot));
      if (!parent) continue;
      if (parent.type === 'flattened') return { name, type: 'keyword', ecs: parent.ecs };
      if (parent.type.startsWith('object:')) return { name, type: parent.type.slice('object:'.length), ecs: parent.ecs };
      return undefined;
    }
    return undefined;
  }

  uncataloguedPackages(indexPatterns: readonly string[]): string[] {
    // A pattern naming a package counts as covered only when the catalogue has a data stream it reaches.
    const uncovered = indexPatterns.filter((pattern) => {
      const [name] = packagesNamedBy([pattern]);
      return name !== undefined && !(this.syncedPackages.get(name) ?? []).some((stream) => patternsOverlap(pattern, stream));
    });
    return packagesNamedBy(uncovered);
  }

  hasKeywordSubField(name: string, indexPatterns: readonly string[]): boolean {
    const prefix = `${name}.`;
    for (const [candidate, info] of this.view(indexPatterns)) {
      if (candidate.startsWith(prefix) && candidate.indexOf('.', prefix.length) < 0 && keywordFamily.has(info.type)) return true;
    }
    return false;
  }

  suggest(name: string, indexPatterns: readonly string[]): string | undefined {
    const key = `${indexPatterns.join('\n')}\u0000${name}`;
    if (this.suggestions.has(key)) return this.suggestions.get(key);
    const names = [...this.view(indexPatterns).keys()];
    // Typos are usually in the last segment: siblings first, then every field close enough to be a typo.
    const parent = name.slice(0, name.lastIndexOf('.') + 1);
    const siblings = parent ? names.filter((candidate) => candidate.startsWith(parent)) : [];
    const slack = Math.max(2, Math.floor(name.length / 3));
    const suggestion = nearest(name, siblings) ?? nearest(name, typoCandidates(name, names, slack));
    this.suggestions.set(key, suggestion);
    return suggestion;
  }
}

/**
 * A cheap lower bound of the edit distance between `name` and each candidate: one edit fixes at
 * most one surplus and one missing character. It lets suggest() skip the full distance for almost
 * every one of the ~2,700 ECS fields.
 */
function typoCandidates(name: string, candidates: readonly string[], limit: number): string[] {
  const wanted = name.toLowerCase();
  const counts = new Int32Array(128);
  for (let i = 0; i < wanted.length; i++) counts[Math.min(wanted.charCodeAt(i), 127)]! += 1;
  return candidates.filter((candidate) => {
    if (Math.abs(candidate.length - wanted.length) > limit) return false;
    const lower = candidate.toLowerCase();
    let missing = 0;
    for (let i = 0; i < lower.length; i++) if (--counts[Math.min(lower.charCodeAt(i), 127)]! < 0) missing++;
    for (let i = 0; i < lower.length; i++) counts[Math.min(lower.charCodeAt(i), 127)]! += 1;
    const surplus = wanted.length - (lower.length - missing);
    return Math.max(surplus, missing) <= limit;
  });
}
