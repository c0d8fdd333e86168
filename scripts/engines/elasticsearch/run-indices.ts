// The names one replay run gives its indices and the patterns it searches with. Every index
// of the run is the document's own `_index` plus the run's suffix, and every rule pattern gets
// the same suffix: an index name matches a pattern exactly when both carry the suffix (`*` may
// match anything, so appending the same text to both sides keeps the match), and nothing
// outside the run ends with its unique suffix.
import { matchesIndexPatterns } from '../../testing/index-patterns.js';
import { ReplayRunError } from './errors.js';

/** Elasticsearch's limit on an index name, in UTF-8 bytes. */
const MAX_INDEX_NAME_BYTES = 255;
const FORBIDDEN_CHARACTERS = /[\\/*?"<>| ,#:]/;

/** A run identifier: lowercase letters and digits, so it is valid inside any index name. */
export function newRunId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function isValidRunId(runId: string): boolean {
  return /^[a-z0-9]{1,32}$/.test(runId);
}

/** The suffix of search `sequence` of run `runId`: `-replay-<runId>-<sequence>`. */
export function runSuffix(runId: string, sequence: number): string {
  return `-replay-${runId}-${sequence}`;
}

/** Why `name` cannot be an Elasticsearch index name, or undefined when it can. */
export function indexNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'it is empty, "." or ".."';
  if (name !== name.toLowerCase()) return 'it has uppercase letters (index names are lowercase)';
  const forbidden = FORBIDDEN_CHARACTERS.exec(name);
  if (forbidden) return `it contains "${forbidden[0]}" (not allowed: \\ / * ? " < > | space , # :)`;
  if (/^[-_+]/.test(name)) return 'it starts with "-", "_" or "+"';
  if (Buffer.byteLength(name) > MAX_INDEX_NAME_BYTES) return `it is longer than ${MAX_INDEX_NAME_BYTES} bytes`;
  return undefined;
}

/** The run's name for a document's index. */
export function runIndexName(index: string, suffix: string): string {
  const name = `${index}${suffix}`;
  if (Buffer.byteLength(name) > MAX_INDEX_NAME_BYTES) {
    throw new ReplayRunError(
      `index "${index}" is too long to replay: with the run suffix "${suffix}" it exceeds Elasticsearch's ${MAX_INDEX_NAME_BYTES}-byte limit; shorten the test document's _index`,
    );
  }
  return name;
}

/**
 * The rule's pattern restricted to the run. Exclusions (`-pattern`) keep their sign; a remote
 * cluster (`cluster:pattern`) or date math (`<...>`) cannot be replayed on one throwaway index set.
 */
export function runPattern(pattern: string, suffix: string): string {
  if (pattern === '' || pattern === '-') {
    // With the suffix appended it would read as an exclusion, and match nothing the rule meant.
    throw new ReplayRunError('the rule has an empty index pattern; remove it or name the indices, e.g. "logs-system.*"');
  }
  if (pattern.includes(':') || pattern.startsWith('<')) {
    throw new ReplayRunError(
      `index pattern "${pattern}" names a remote cluster or uses date math; replay needs local patterns such as "logs-system.*"`,
    );
  }
  return `${pattern}${suffix}`;
}

/** The rule's `index` entries restricted to the run; an entry may hold several comma-separated patterns. */
export function runPatterns(patterns: readonly string[], suffix: string): string[] {
  return patterns.flatMap((entry) => entry.split(',')).map((pattern) => runPattern(pattern.trim(), suffix));
}

/** Whether the patterns (with their exclusions) select any of `names`. */
export function anyIncluded(names: Iterable<string>, patterns: readonly string[]): boolean {
  for (const name of names) if (matchesIndexPatterns(patterns, name)) return true;
  return false;
}
