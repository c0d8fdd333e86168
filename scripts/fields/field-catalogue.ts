// Which fields exist, with which type, for a rule's index patterns: ECS (every index) plus the
// declarations in schemas/fields/*.json (only indices matching their index_patterns).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../project-paths.js';
import { nearest } from '../report/suggest.js';
import { loadEcsTable } from './ecs-table.js';
import { precompiledValidator } from '../validators/precompiled.js';
import * as fieldDeclarationsValidator from '../validators/field-declarations.generated.js';

export interface FieldInfo {
  name: string;
  type: string;
  ecs: boolean;
}

export interface FieldCatalogue {
  lookup(name: string, indexPatterns: readonly string[]): FieldInfo | undefined;
  suggest(name: string, indexPatterns: readonly string[]): string | undefined;
  /** Whether `name` (a text field) has a keyword-family sub-field, so exact matching works on it. */
  hasKeywordSubField(name: string, indexPatterns: readonly string[]): boolean;
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
}

const catalogues = new Map<string, FieldCatalogue>();

/** The catalogue for a checkout, built once per process (it is asked for every rule). */
export function loadFieldCatalogue(repoRoot: string = REPO_ROOT): FieldCatalogue {
  let catalogue = catalogues.get(repoRoot);
  if (!catalogue) {
    catalogue = new Catalogue(loadEcsTable(), loadDeclarations(path.join(repoRoot, 'schemas', 'fields')));
    catalogues.set(repoRoot, catalogue);
  }
  return catalogue;
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
      for (const [name, type] of declarations.fields) if (!view.has(name)) view.set(name, { name, type, ecs: false });
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
