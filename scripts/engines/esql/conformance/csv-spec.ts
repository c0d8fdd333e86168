// Reads Elasticsearch's ES|QL spec files (`*.csv-spec`, x-pack/plugin/esql/qa/testFixtures/src/main/
// resources/ in elastic/elasticsearch) as its harness does (SpecReader, CsvSpecReader, CsvTestUtils):
// every line is trimmed; empty lines and lines starting with `//` or `#` are skipped; a case is its
// name line, `required_capability:` lines, the query up to a line ending with `;`, then `warning:`,
// `warningRegex:` and `ignoreOrder:` lines, the result table (`name:type | …` header, rows split on
// `|` with `"` quoting) and a line starting with `;`.

export interface SpecColumn {
  readonly name: string;
  /** The ES|QL type the header names, its short forms resolved (`i` integer, `s` keyword, …). */
  readonly type: string;
}

/** An expected cell: null, a value as written (trimmed), or the values of a multi-value. */
export type SpecCell = null | string | readonly string[];

export interface SpecCase {
  readonly file: string;
  readonly name: string;
  /** 1-based line of the case's name. */
  readonly line: number;
  readonly query: string;
  readonly requiredCapabilities: readonly string[];
  /** Elasticsearch skips cases whose name ends with `-Ignore` or whose `#[skip:…]` range covers SPEC_VERSION. */
  readonly ignoredByElasticsearch: boolean;
  readonly columns: readonly SpecColumn[];
  readonly rows: readonly (readonly SpecCell[])[];
  readonly ignoreOrder: boolean;
  readonly warnings: readonly string[];
  readonly warningRegexes: readonly string[];
}

export class SpecFormatError extends Error {}

/** Short and alternative type names of CsvTestUtils.Type, as ES|QL type names. */
const typeAliases: Readonly<Record<string, string>> = {
  i: 'integer', short: 'integer', byte: 'integer', integer: 'integer',
  l: 'long', long: 'long',
  ul: 'unsigned_long', unsigned_long: 'unsigned_long',
  d: 'double', double: 'double', float: 'double', half_float: 'double', scaled_float: 'double',
  k: 'keyword', s: 'keyword', string: 'keyword', keyword: 'keyword',
  txt: 'text', text: 'text',
  bool: 'boolean', boolean: 'boolean',
  date: 'date', dt: 'date', datetime: 'date',
  date_nanos: 'date_nanos',
  n: 'null', null: 'null',
  v: 'version', version: 'version',
  ip: 'ip',
  counter_integer: 'integer', counter_long: 'long', counter_double: 'double',
};

export function specType(name: string): string {
  const lower = name.trim().toLowerCase();
  return typeAliases[lower] ?? lower;
}

/** The Elasticsearch version the vendored specs are read as: `#[skip:-X.Y.Z]` ranges reaching it skip a case. */
export const SPEC_VERSION = [9, 3, 0] as const;

/** Whether a name line's `#[skip:LOW-HIGH, reason:…]` covers SPEC_VERSION (`-9.99.99`: not yet fixed anywhere). */
function skippedNow(nameLine: string): boolean {
  const match = /#\[skip:\s*([\d.]*)\s*-\s*([\d.]*)/i.exec(nameLine);
  if (!match) return false;
  const parse = (version: string): number[] => version.split('.').map(Number);
  const compare = (a: readonly number[], b: readonly number[]): number => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const low = match[1] ? parse(match[1]) : [0, 0, 0];
  const high = match[2] ? parse(match[2]) : [Infinity];
  return compare(low, SPEC_VERSION) <= 0 && compare(SPEC_VERSION, high) <= 0;
}

const skipLine = (line: string): boolean => line === '' || line.startsWith('//') || line.startsWith('#');

/** Splits a result row on `|`, honouring `"` quoting as SuperCSV does (`""` inside quotes is a quote). */
function splitRow(line: string): (string | null)[] {
  const cells: (string | null)[] = [];
  let current = '';
  let quoted = false;
  let sawQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') {
      quoted = true;
      sawQuote = true;
    } else if (c === '|') {
      cells.push(current === '' && !sawQuote ? null : current);
      current = '';
      sawQuote = false;
    } else current += c;
  }
  cells.push(current === '' && !sawQuote ? null : current);
  return cells;
}

/** One expected cell as CsvTestUtils.loadCsvSpecValues reads it. */
function specCell(raw: string | null): SpecCell {
  // An empty cell is an empty string; `null` (any case) is null; `[a, b]` a multi-value.
  if (raw === null) return '';
  const value = raw.trim();
  if (value.toLowerCase() === 'null') return null;
  if (value.startsWith('[')) {
    if (!value.endsWith(']')) throw new SpecFormatError(`incomplete multi-value ${value}`);
    const parts = value.slice(1, -1).split(/(?<!\\),/).map((part) => part.trim().replaceAll('\\,', ','));
    return parts.length === 1 ? (parts[0] as string) : parts;
  }
  return value;
}

function parseHeader(line: string): SpecColumn[] {
  return (splitRow(line) as string[]).map((cell) => {
    // `::` inside a name (a cast in an expression column name) is not the type separator.
    const spaced = (cell ?? '').replaceAll('::', '\u0000');
    const parts = spaced.split(':');
    if (parts.length !== 2) throw new SpecFormatError(`invalid CSV header ${cell}`);
    return { name: (parts[0] as string).replaceAll('\u0000', '::').trim(), type: specType((parts[1] as string).replaceAll('\u0000', '::')) };
  });
}

export function parseCsvSpec(file: string, text: string): SpecCase[] {
  const cases: SpecCase[] = [];
  const lines = text.split(/\r?\n/);
  let name: string | null = null;
  let nameLine = 0;
  let capabilities: string[] = [];
  let query: string[] = [];
  let inResults = false;
  let results: string[] = [];
  let warnings: string[] = [];
  let warningRegexes: string[] = [];
  let ignoreOrder = false;
  let nameText = '';
  const reset = (): void => {
    name = null;
    capabilities = [];
    query = [];
    inResults = false;
    results = [];
    warnings = [];
    warningRegexes = [];
    ignoreOrder = false;
  };
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (skipLine(line)) return;
    if (name === null) {
      name = (line.split('#', 1)[0] as string).trim();
      nameText = line;
      nameLine = index + 1;
      return;
    }
    if (!inResults) {
      const lower = line.toLowerCase();
      if (lower.startsWith('required_capability:')) capabilities.push(line.slice('required_capability:'.length).trim());
      else if (query.length === 0 && (lower.startsWith('schema::') || /^[a-z_]+:(?!:)/.test(lower))) {
        // Other directives before the query (schema::, approximate:, skip_flattened_rewrite:,
        // request_stored:) steer Elasticsearch's runners; they do not change the expected table.
      } else if (line.endsWith('\\;')) {
        // `\;` ends a SET statement inside the query, not the query.
        query.push(`${line.slice(0, -2)};`);
      } else if (line.endsWith(';')) {
        query.push(line.slice(0, -1).trim());
        inResults = true;
      } else query.push(line);
      return;
    }
    const lower = line.toLowerCase();
    if (lower.startsWith('warning:')) warnings.push(line.slice('warning:'.length).trim());
    else if (lower.startsWith('warningregex:')) warningRegexes.push(line.slice('warningregex:'.length).trim());
    else if (lower.startsWith('ignoreorder:')) ignoreOrder = lower.slice('ignoreorder:'.length).trim() === 'true';
    else if (line.startsWith(';')) {
      const [header, ...rows] = results;
      const caseName = name as string;
      try {
        const columns = header === undefined ? [] : parseHeader(header);
        cases.push({
          file,
          name: caseName,
          line: nameLine,
          query: query.join('\n'),
          requiredCapabilities: capabilities,
          ignoredByElasticsearch: caseName.endsWith('-Ignore') || skippedNow(nameText),
          columns,
          rows: rows.map((row) => splitRow(row).map(specCell)),
          ignoreOrder,
          warnings,
          warningRegexes,
        });
      } catch (error) {
        if (!(error instanceof SpecFormatError)) throw error;
        throw new SpecFormatError(`${file}:${nameLine} ${caseName}: ${error.message}`);
      }
      reset();
    } else results.push(line);
  });
  if (name !== null) throw new SpecFormatError(`${file}: case ${name as string} has no end`);
  return cases;
}
