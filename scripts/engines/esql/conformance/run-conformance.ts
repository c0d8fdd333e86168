// Runs Elasticsearch's ES|QL spec cases on the embedded engine and compares the result table the
// way Elasticsearch's CsvAssert does: the same column names in the same order, the same types (an
// integer column where the spec says long is accepted, as CsvAssert accepts it), then the rows in
// order, or both sides sorted when the case says `ignoreOrder:true`; then the warnings, which must be
// the `warning:` lines (see warningsMatch), or each match a `warningRegex:`, none when the case names none. A case the engine cannot run
// because it uses a command, function or data set outside the embedded subset is out of scope,
// counted apart from failures; see scripts/engines/esql/CONFORMANCE.md for the rule.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseQuery, type Query } from '../../../esql/index.js';
import type { EventDocument, FieldMapping, FieldTypes } from '../../types.js';
import { supportedAggregates } from '../aggregates.js';
import { NotReplayableError, runQuery, type EsqlResult } from '../run-query.js';
import { canonicalFunction, scalarFunctions } from '../scalar-functions.js';
import { indexMatches } from '../source-columns.js';
import { parseCsvSpec, SPEC_VERSION, type SpecCase, type SpecCell } from './csv-spec.js';
import { loadDatasets, type LoadedData } from './datasets.js';

export type Verdict = 'pass' | 'fail' | 'out-of-scope' | 'ignored';

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly query: string;
  readonly verdict: Verdict;
  /** Why a case failed or is out of scope. */
  readonly reason?: string;
  /** Whether the warnings Elasticsearch expects were all given (and no others); undefined when not run. */
  readonly warningsMatch?: boolean;
  readonly actualWarnings?: readonly string[];
}

export interface ConformanceReport {
  readonly results: readonly CaseResult[];
  readonly files: readonly { file: string; passed: number; failed: number; outOfScope: number; ignored: number }[];
  readonly passed: number;
  readonly failed: number;
  readonly outOfScope: number;
  readonly ignored: number;
}

/** Commands the embedded engine runs. */
const supportedCommands = new Set(['from', 'row', 'eval', 'where', 'keep', 'drop', 'rename', 'sort', 'limit', 'stats', 'inline_stats', 'mv_expand', 'dissect', 'grok']);

/** Messages of NotReplayableError that mean "outside the subset", as opposed to a query the engine got wrong. */
const unsupportedMessage = /outside the embedded|not supported by the embedded|needs the query DSL|pattern bank|have no value in a replay|remote clusters|cannot be compiled here|not supported by the embedded engine/;

/** The first command or function of `query` outside the engine's subset, or undefined. */
export function outsideSubset(query: Query): string | undefined {
  if (query.settings.length > 0) return `SET ${query.settings[0]?.name ?? ''}`;
  for (const command of query.commands) {
    if (!supportedCommands.has(command.kind)) return `command ${command.kind.toUpperCase().replace('_', ' ')}`;
  }
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.kind === 'function') {
      const name = canonicalFunction(record.name as string);
      if (!scalarFunctions.has(name) && !supportedAggregates.has(name)) {
        found = `function ${(record.written as string).toUpperCase()}`;
        return;
      }
    }
    if (record.kind === 'match') {
      found = 'the match operator (:)';
      return;
    }
    if (record.kind === 'param') {
      found = 'query parameters';
      return;
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'offset' && key !== 'end') visit(value);
  };
  visit(query.commands);
  return found;
}

/** The vendored indices a FROM reads, or why it reaches data that is not vendored. */
function resolveIndices(query: Query, data: LoadedData): { indices: string[] } | { missing: string } {
  const indices = new Set<string>();
  const vendored = Object.keys(data.manifest.indices);
  for (const command of query.commands) {
    if (command.kind !== 'from' && command.kind !== 'ts') continue;
    for (const index of command.indices) {
      for (const pattern of index.name.split(',').map((part) => part.trim())) {
        if (pattern.startsWith('-')) continue;
        if (pattern.includes('*')) {
          const other = data.manifest.otherIndices.find((name) => indexMatches(name, [pattern]));
          if (other !== undefined) return { missing: `index pattern ${pattern} also reaches ${other}, a data set not vendored` };
          vendored.filter((name) => indexMatches(name, [pattern])).forEach((name) => indices.add(name));
        } else if (vendored.includes(pattern)) indices.add(pattern);
        else return { missing: `data set ${pattern} is not vendored` };
      }
    }
  }
  return { indices: [...indices] };
}

function fieldTypesOf(indices: readonly string[], data: LoadedData): FieldTypes {
  const merged = new Map<string, FieldMapping>();
  for (const index of indices) for (const [name, mapping] of data.fieldTypes.get(index) ?? []) if (!merged.has(name)) merged.set(name, mapping);
  return merged;
}

type Normal = null | number | string | boolean;

/** An expected value as a comparable value of `type`. */
function expectedValue(value: string, type: string): Normal {
  switch (type) {
    case 'integer':
    case 'long':
    case 'unsigned_long':
    case 'double':
      return Number(value);
    case 'date':
    case 'date_nanos':
      return Date.parse(value);
    case 'boolean':
      return value.toLowerCase() === 'true';
    case 'null':
      return null;
    default:
      return value;
  }
}

function actualValue(value: unknown, type: string): Normal {
  if (value === null || value === undefined) return null;
  if ((type === 'date' || type === 'date_nanos') && typeof value === 'string') return Date.parse(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

function sameValue(expected: Normal, actual: Normal, type: string): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (type === 'double' && typeof expected === 'number' && typeof actual === 'number') {
    if (expected === actual || (Number.isNaN(expected) && Number.isNaN(actual))) return true;
    // Sums and averages depend on the order values are added in, which a shard does not fix.
    return Math.abs(expected - actual) <= 1e-9 * Math.max(Math.abs(expected), Math.abs(actual));
  }
  return expected === actual;
}

type NormalCell = Normal | readonly Normal[];

function normalExpected(cell: SpecCell, type: string): NormalCell {
  if (cell === null) return null;
  return typeof cell === 'string' ? expectedValue(cell, type) : cell.map((value) => expectedValue(value, type));
}

function normalActual(cell: unknown, type: string): NormalCell {
  return Array.isArray(cell) ? cell.map((value) => actualValue(value, type)) : actualValue(cell, type);
}

function sameCell(expected: NormalCell, actual: NormalCell, type: string): boolean {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    const left = Array.isArray(expected) ? expected : [expected];
    const right = Array.isArray(actual) ? actual : [actual];
    return left.length === right.length && left.every((value, index) => sameValue(value as Normal, right[index] as Normal, type));
  }
  return sameValue(expected as Normal, actual as Normal, type);
}

/** CsvAssert's row order for ignoreOrder: column by column, a multi-value by its first value, nulls last. */
function compareRows(a: readonly NormalCell[], b: readonly NormalCell[]): number {
  for (let i = 0; i < a.length; i++) {
    const first = (cell: NormalCell | undefined): Normal => (Array.isArray(cell) ? ((cell[0] as Normal | undefined) ?? null) : ((cell as Normal | undefined) ?? null));
    const x = first(a[i]);
    const y = first(b[i]);
    if (x === null && y === null) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

const show = (cell: NormalCell, type: string): string => {
  const one = (value: Normal): string => (value === null ? 'null' : (type === 'date' || type === 'date_nanos') && typeof value === 'number' ? new Date(value).toISOString() : String(value));
  return Array.isArray(cell) ? `[${cell.map(one).join(', ')}]` : one(cell as Normal);
};

/** Why the result differs from the spec's table, or undefined when it matches. */
export function compareTable(spec: SpecCase, result: EsqlResult): string | undefined {
  const expectedNames = spec.columns.map((column) => column.name);
  const actualNames = result.columns.map((column) => column.name);
  if (expectedNames.join('\u0000') !== actualNames.join('\u0000')) {
    return `columns differ: expected [${expectedNames.join(', ')}], got [${actualNames.join(', ')}]`;
  }
  for (const [index, column] of spec.columns.entries()) {
    const actual = result.columns[index]?.type as string;
    const accepted = actual === column.type || (actual === 'integer' && column.type === 'long');
    if (!accepted) return `column ${column.name}: expected type ${column.type}, got ${actual}`;
  }
  const types = spec.columns.map((column) => column.type);
  let expected = spec.rows.map((row) => row.map((cell, index) => normalExpected(cell, types[index] as string)));
  let actual = result.values.map((row) => row.map((cell, index) => normalActual(cell, types[index] as string)));
  if (spec.ignoreOrder) {
    expected = [...expected].sort(compareRows);
    actual = [...actual].sort(compareRows);
  }
  const mismatches: string[] = [];
  for (let row = 0; row < Math.max(expected.length, actual.length); row++) {
    const want = expected[row];
    const got = actual[row];
    if (want === undefined || got === undefined) {
      return `${mismatches.length > 0 ? `${mismatches.join('; ')}; ` : ''}expected ${expected.length} rows, got ${actual.length}`;
    }
    for (let column = 0; column < want.length; column++) {
      const type = types[column] as string;
      if (!sameCell(want[column] as NormalCell, got[column] as NormalCell, type)) {
        mismatches.push(`row ${row + 1} ${spec.columns[column]?.name}: expected ${show(want[column] as NormalCell, type)}, got ${show(got[column] as NormalCell, type)}`);
        if (mismatches.length >= 3) return mismatches.join('; ');
      }
    }
  }
  return mismatches.length > 0 ? mismatches.join('; ') : undefined;
}

/**
 * A warning as Elasticsearch sends it in a `Warning` header and as specs write it (HeaderWarning's
 * escapeAndEncode): `\` and `"` escaped with a backslash, then `%`, control and non-ASCII characters
 * percent-encoded as UTF-8 bytes.
 */
export function headerForm(warning: string): string {
  const escaped = warning.replace(/(["\\])/g, '\\$1');
  let result = '';
  for (const char of escaped) {
    const code = char.codePointAt(0) as number;
    if (char === '\t' || (code >= 0x20 && code <= 0x7e && char !== '%')) result += char;
    else for (const byte of Buffer.from(char, 'utf8')) result += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return result;
}

const EMULATED = '#[emulated:';

/**
 * The warning lines a case expects of an engine that evaluates in memory, as Elasticsearch's CsvTests
 * runs them (`forEmulated`): a line `A#[Emulated:B]` means B there (nothing when B is empty).
 */
export function expectedWarnings(spec: SpecCase): string[] {
  const lines: string[] = [];
  for (const warning of spec.warnings) {
    const at = warning.toLowerCase().indexOf(EMULATED);
    if (at < 0) lines.push(warning);
    else if (warning.endsWith(']') && at + EMULATED.length < warning.length - 1) lines.push(warning.slice(at + EMULATED.length, -1));
  }
  return lines;
}

/**
 * Whether the engine's warnings are the ones the case expects: with `warningRegex:` lines, every
 * warning matches one of them (as `.*regex.*`); otherwise the `warning:` lines and the warnings
 * pair up one to one. Both sides are compared in header form. Some specs write `warning:` lines as
 * regular expressions (`evaluation of \\[x\\] failed`, without the `Line L:C:` prefix a pushed-down
 * query does not give): a line not found verbatim is tried as a pattern, over the whole warning when
 * it starts with `Line `, else as `.*pattern.*`.
 */
export function warningsMatch(spec: SpecCase, warnings: readonly string[]): boolean {
  const actual = [...new Set(warnings.map(headerForm))];
  if (spec.warningRegexes.length > 0) {
    const patterns = spec.warningRegexes.map((regex) => new RegExp(`^.*${regex}.*$`, 's'));
    return actual.length > 0 && actual.every((warning) => patterns.some((pattern) => pattern.test(warning)));
  }
  const expected = [...new Set(expectedWarnings(spec))];
  const matcher = (line: string): ((warning: string) => boolean) => {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(line.startsWith('Line ') ? `^${line}$` : `^.*${line}.*$`, 's');
    } catch {
      pattern = undefined;
    }
    return (warning) => warning === line || (pattern?.test(warning) ?? false);
  };
  const matchers = expected.map(matcher);
  return (
    expected.length === actual.length &&
    matchers.every((matches) => actual.some(matches)) &&
    actual.every((warning) => matchers.some((matches) => matches(warning)))
  );
}

export function runCase(spec: SpecCase, data: LoadedData, now: number): CaseResult {
  const base = { file: spec.file, name: spec.name, line: spec.line, query: spec.query };
  if (spec.ignoredByElasticsearch) {
    const reason = spec.name.endsWith('-Ignore') ? 'the name ends with -Ignore: Elasticsearch does not run it' : `its #[skip:] range covers ${SPEC_VERSION.join('.')}: Elasticsearch does not run it`;
    return { ...base, verdict: 'ignored', reason };
  }
  const parsed = parseQuery(spec.query);
  if (!parsed.ok) return { ...base, verdict: 'fail', reason: `parse error: ${parsed.error.message}` };
  const outside = outsideSubset(parsed.query);
  if (outside !== undefined) return { ...base, verdict: 'out-of-scope', reason: outside };
  const resolved = resolveIndices(parsed.query, data);
  if ('missing' in resolved) return { ...base, verdict: 'out-of-scope', reason: resolved.missing };
  const documents: EventDocument[] = data.documents.filter((document) => resolved.indices.includes(document._index));
  let result: EsqlResult;
  try {
    result = runQuery(parsed.query, spec.query, { documents, fieldTypes: fieldTypesOf(resolved.indices, data), now });
  } catch (error) {
    if (error instanceof NotReplayableError) {
      return unsupportedMessage.test(error.message)
        ? { ...base, verdict: 'out-of-scope', reason: error.message }
        : { ...base, verdict: 'fail', reason: `refused: ${error.message}` };
    }
    return { ...base, verdict: 'fail', reason: `crashed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const difference = compareTable(spec, result);
  const warnings = { warningsMatch: warningsMatch(spec, result.warnings), actualWarnings: result.warnings };
  if (difference !== undefined) return { ...base, verdict: 'fail', reason: difference, ...warnings };
  if (!warnings.warningsMatch) {
    const expected = spec.warningRegexes.length > 0 ? spec.warningRegexes.map((regex) => `/${regex}/`) : expectedWarnings(spec);
    return { ...base, verdict: 'fail', reason: `warnings differ: expected ${JSON.stringify(expected)}, got ${JSON.stringify(result.warnings)}`, ...warnings };
  }
  return { ...base, verdict: 'pass', ...warnings };
}

/** The spec files of a vendored directory (its `specs/` folder), optionally only those named. */
export function specFiles(root: string, only?: readonly string[]): string[] {
  const files = readdirSync(path.join(root, 'specs')).filter((file) => file.endsWith('.csv-spec')).sort();
  return only && only.length > 0 ? files.filter((file) => only.some((name) => file === name || file === `${name}.csv-spec`)) : files;
}

export function runConformance(root: string, options: { files?: readonly string[]; now?: number } = {}): ConformanceReport {
  const data = loadDatasets(path.join(root, 'datasets.json'));
  const now = options.now ?? Date.now();
  const results: CaseResult[] = [];
  const files: ConformanceReport['files'][number][] = [];
  for (const file of specFiles(root, options.files)) {
    const cases = parseCsvSpec(file, readFileSync(path.join(root, 'specs', file), 'utf8'));
    const fileResults = cases.map((spec) => runCase(spec, data, now));
    results.push(...fileResults);
    const count = (verdict: Verdict): number => fileResults.filter((result) => result.verdict === verdict).length;
    files.push({ file, passed: count('pass'), failed: count('fail'), outOfScope: count('out-of-scope'), ignored: count('ignored') });
  }
  const count = (verdict: Verdict): number => results.filter((result) => result.verdict === verdict).length;
  return { results, files, passed: count('pass'), failed: count('fail'), outOfScope: count('out-of-scope'), ignored: count('ignored') };
}
