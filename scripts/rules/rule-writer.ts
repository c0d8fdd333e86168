// Rule document → TOML text in elastic/detection-rules' layout, byte for byte: the layout their
// writer (Python `toml` with detection-rules' encoder) produces, so files written here diff
// cleanly against upstream and a file read and written again comes back unchanged.
//
// The layout: `[metadata]` then `[rule]` (then any other table), keys sorted; in `[rule]` plain
// values first, the query last as a '''-string after a blank line, then arrays of tables
// (`[[rule.threat]]`) and sub-tables. Inside an array-of-tables entry the sub-tables come after
// the nested arrays of tables, each after one blank line per level of nesting closed before it:
// the blank-line runs before `[rule.threat.tactic]` are that writer's, kept for byte equality.
import type { RuleDocument } from './rule-file.js';

export interface RuleTomlOptions {
  /** Written as a `#:schema <path>` first line, for editors (e.g. "../../schemas/rule.schema.json"). */
  readonly schemaPath?: string;
}

type Table = Record<string, unknown>;

/** String fields written as-is between """ (detection-rules keeps their Markdown unwrapped). */
const PRESERVED_FORMAT_FIELDS = new Set(['note', 'setup']);
/** Past this many characters (each string counting 3 more) a string array is written one item per line. */
const INLINE_ARRAY_WIDTH = 100;

export function formatRuleToml(document: RuleDocument, options: RuleTomlOptions = {}): string {
  const parts: string[] = [];
  if (options.schemaPath !== undefined) parts.push(`#:schema ${options.schemaPath}\n`);
  const { $schema: _editorHint, ...tables } = document as RuleDocument & Table;
  const sections = orderedSections(tables);
  sections.forEach(([name, table], index) => {
    if (index > 0) parts.push('\n');
    parts.push(formatSection(name, table));
  });
  return parts.join('');
}

/** metadata, rule, then the rest alphabetically. */
function orderedSections(tables: Table): [string, Table][] {
  const rank = (name: string): number => (name === 'metadata' ? 0 : name === 'rule' ? 1 : 2);
  return Object.keys(tables)
    .filter((name) => isTable(tables[name]))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => [name, tables[name] as Table]);
}

function formatSection(name: string, table: Table): string {
  const queryText = name === 'rule' && typeof table.query === 'string' ? table.query : undefined;
  const rest = queryText === undefined ? table : Object.fromEntries(Object.entries(table).filter(([key]) => key !== 'query'));
  const plain = sortedKeys(rest).filter((key) => !isTable(rest[key]) && !isArrayOfTables(rest[key]));
  const nested = sortedKeys(rest).filter((key) => isTable(rest[key]) || isArrayOfTables(rest[key]));
  const ordered: Table = {};
  for (const key of plain) ordered[key] = rest[key];
  // As detection-rules does: a placeholder holds the query's place after the plain values.
  if (queryText !== undefined) ordered.query = QUERY_PLACEHOLDER;
  for (const key of nested) ordered[key] = sortTables(rest[key]);
  const text = dumps(name, ordered);
  if (queryText === undefined) return text;
  const tail = nested.length > 0 ? '\n\n' : '';
  return text.replace(`query = ${basicString(QUERY_PLACEHOLDER)}`, () => `\nquery = ${formatQuery(queryText)}${tail}`);
}

const QUERY_PLACEHOLDER = 'query-placeholder-written-later';

/** Keys of nested tables sorted the same way, recursively; array order is kept. */
function sortTables(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortTables);
  if (!isTable(value)) return value;
  return Object.fromEntries(sortedKeys(value).map((key) => [key, sortTables(value[key])]));
}

/** Python toml's `dumps` for `{ [name]: table }`. */
function dumps(name: string, table: Table): string {
  let out = '';
  let sections: [string, Table][] = [[name, table]];
  while (sections.length > 0) {
    const next: [string, Table][] = [];
    for (const [section, value] of sections) {
      const [text, subsections] = dumpSections(value, section);
      if (text !== '' || subsections.length === 0) {
        if (out !== '' && !out.endsWith('\n\n')) out += '\n';
        out += `[${section}]\n${text}`;
      }
      for (const [sub, subValue] of subsections) next.push([`${section}.${sub}`, subValue]);
    }
    sections = next;
  }
  return out;
}

/** Python toml's `dump_sections`: a table's own values and arrays of tables, and its sub-tables for later. */
function dumpSections(table: Table, parent: string): [string, [string, Table][]] {
  const prefix = parent === '' ? '' : `${parent}.`;
  let values = '';
  let arrays = '';
  const subtables: [string, Table][] = [];
  for (const key of Object.keys(table)) {
    const value = table[key];
    const name = bareOrQuoted(key);
    if (value === undefined || value === null) continue;
    if (isTable(value)) {
      subtables.push([name, value]);
    } else if (isArrayOfTables(value)) {
      for (const entry of value as Table[]) {
        let after = '\n';
        arrays += `[[${prefix}${name}]]\n`;
        const [text, nested] = dumpSections(entry, `${prefix}${name}`);
        if (text.startsWith('[')) after += text;
        else arrays += text;
        let pending = nested;
        while (pending.length > 0) {
          const deeper: [string, Table][] = [];
          for (const [sub, subValue] of pending) {
            const [subText, subNested] = dumpSections(subValue, `${prefix}${name}.${sub}`);
            if (subText !== '') after += `[${prefix}${name}.${sub}]\n${subText}`;
            for (const [n, v] of subNested) deeper.push([`${sub}.${n}`, v]);
          }
          pending = deeper;
        }
        arrays += after;
      }
    } else {
      values += `${name} = ${formatValue(key, value)}\n`;
    }
  }
  return [values + arrays, subtables];
}

function formatValue(key: string, value: unknown): string {
  if (typeof value === 'string') return formatString(key, value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return formatArray(value);
  if (isTable(value)) {
    const members = Object.keys(value).map((k) => `${bareOrQuoted(k)} = ${formatValue(k, value[k])}`);
    return `{ ${members.join(', ')} }`;
  }
  return basicString(String(value));
}

function formatArray(items: unknown[]): string {
  const strings = items.every((item) => typeof item === 'string');
  const width = strings ? (items as string[]).reduce((sum, item) => sum + item.length + 3, 0) : 0;
  if (strings && width > INLINE_ARRAY_WIDTH) {
    return `[\n${items.map((item) => `    ${basicString(item as string)}`).join(',\n')},\n]`;
  }
  return `[${items.map((item) => formatValue('', item)).join(', ')}]`;
}

function formatString(key: string, value: string): string {
  if (!value.includes('\n')) return basicString(value);
  // A newline right after the opening quotes is dropped by TOML, so it is written for text that starts with one.
  const opening = PRESERVED_FORMAT_FIELDS.has(key) && !value.startsWith('\n') ? '"""' : '"""\n';
  return `${opening}${escapeMultiline(value)}"""`;
}

/** The query as a literal '''-block holding the trimmed text; a """-block when it holds '''. */
function formatQuery(query: string): string {
  const text = query.trim();
  if (text.includes("'''") || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return `"""\n${escapeMultiline(text)}\n"""`;
  return `'''\n${text}\n'''`;
}

function basicString(value: string): string {
  return `"${value.replace(/[\\"\u0000-\u001f\u007f]/g, escapeChar)}"`;
}

function escapeMultiline(value: string): string {
  const escape = (text: string) => text.replace(/[\\\u0000-\u0008\u000b-\u001f\u007f]/g, escapeChar).replace(/"""/g, '""\\"');
  // A quote right before the closing delimiter would merge with it, so that one is escaped on its own.
  return value.endsWith('"') ? `${escape(value.slice(0, -1))}\\"` : escape(value);
}

function escapeChar(char: string): string {
  const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function bareOrQuoted(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : basicString(key);
}

function sortedKeys(table: Table): string[] {
  return Object.keys(table).sort();
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isArrayOfTables(value: unknown): value is Table[] {
  return Array.isArray(value) && value.length > 0 && value.some(isTable);
}
