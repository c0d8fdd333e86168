// A query over an export too large to hold: the leading `FROM … | WHERE …` of a query is row-local,
// so it runs on chunks of documents as they stream in and only the documents that survive are
// kept; the whole query then runs on the survivors, where those commands pass them again. With the
// mapping fixed (field types given), this gives the answer the query gives over every document.
// Before parsing, a raw-line test skips a line that lacks a text every match must contain.
import type { Command, Expression, Query } from '../../esql/ast.js';
import { columnNames, nodesOf } from '../../esql/ast-walk.js';
import { anyOf, eitherOf, lineTest, writtenInLine, type LineTest, type Requirement } from '../line-requirements.js';
import type { EventDocument, FieldTypes } from '../types.js';
import { compileExpression, NotReplayableError, type CompileContext } from './compile-expression.js';
import { fullTextFunctions } from './full-text.js';
import { scopeOf } from './run-query.js';
import { indexMatches, sourceTable } from './source-columns.js';
import { Warnings } from './values.js';

type FromCommand = Extract<Command, { kind: 'from' | 'ts' }>;
type WhereCommand = Extract<Command, { kind: 'where' }>;

/** The source command and the WHERE commands right after it. */
function rowLocalPrefix(query: Query): { from: FromCommand; wheres: WhereCommand[] } {
  const [from, ...rest] = query.commands;
  if (from?.kind !== 'from') throw new NotReplayableError('only a query starting with FROM can stream', from?.offset ?? 0);
  const wheres: WhereCommand[] = [];
  for (const command of rest) {
    if (command.kind !== 'where') break;
    wheres.push(command);
  }
  return { from, wheres };
}

/**
 * What a line must hold for the leading WHERE commands to keep its document: `column == "text"`,
 * `column IN (…)` and `column LIKE "…"` on a field indexed as written, through AND and OR.
 */
function required(expression: Expression, fieldTypes: FieldTypes): Requirement {
  switch (expression.kind) {
    case 'binary': {
      if (expression.operator === 'and') return [...required(expression.left, fieldTypes), ...required(expression.right, fieldTypes)];
      if (expression.operator === 'or') return eitherOf(required(expression.left, fieldTypes), required(expression.right, fieldTypes));
      if (expression.operator !== '==') return [];
      const [column, literal] = expression.left.kind === 'column' ? [expression.left, expression.right] : [expression.right, expression.left];
      if (column.kind !== 'column' || literal.kind !== 'literal' || !writtenInLine(column.name, fieldTypes)) return [];
      const one = anyOf([literal.value], false);
      return one ? [one] : [];
    }
    case 'in': {
      if (expression.negated || expression.value.kind !== 'column' || !writtenInLine(expression.value.name, fieldTypes)) return [];
      const one = anyOf(expression.list.map((item) => (item.kind === 'literal' ? item.value : undefined)), false);
      return one ? [one] : [];
    }
    case 'like': {
      if (expression.negated || expression.operator !== 'like' || expression.value.kind !== 'column' || !writtenInLine(expression.value.name, fieldTypes)) return [];
      // A backslash escapes a wildcard: such a pattern is not split naively.
      const patterns = expression.patterns.map((pattern) => (typeof pattern.value === 'string' && !pattern.value.includes('\\') ? pattern.value : undefined));
      const one = anyOf(patterns, false, longestFragment);
      return one ? [one] : [];
    }
    default:
      return [];
  }
}

/** The longest literal run of a LIKE pattern: any match contains it. */
const longestFragment = (pattern: string): string => pattern.split(/[*?]/).reduce((longest, fragment) => (fragment.length > longest.length ? fragment : longest), '');

/** A test that passes every line whose document the leading WHERE commands may keep. */
export function compileLinePrefilter(query: Query, fieldTypes: FieldTypes): LineTest {
  return lineTest([rowLocalPrefix(query).wheres.flatMap((where) => required(where.condition, fieldTypes))]);
}

function usesFullText(node: readonly WhereCommand[]): boolean {
  for (const each of nodesOf(node)) {
    if (each.kind === 'match' || (each.kind === 'function' && typeof each.name === 'string' && fullTextFunctions.has(each.name))) return true;
  }
  return false;
}

export class StreamingSourceFilter {
  readonly #patterns: string[];
  readonly #wheres: WhereCommand[];
  readonly #context: CompileContext;
  /** The columns the WHERE commands read: the only ones a chunk's table needs. */
  readonly #columns: ReadonlySet<string> | undefined;

  constructor(
    query: Query,
    text: string,
    private readonly fieldTypes: FieldTypes,
    now: number,
  ) {
    const { from, wheres } = rowLocalPrefix(query);
    this.#patterns = from.indices.map((index) => {
      if (index.cluster !== undefined) throw new NotReplayableError('remote clusters are outside a replay', index.offset);
      return index.name;
    });
    this.#wheres = wheres;
    // A full-text function reads fields its query string names, not columns: then every column is read.
    this.#columns = usesFullText(wheres) ? undefined : columnNames(wheres.map((where) => where.condition));
    // Warnings of this pass are dropped: the full run over the survivors reports them.
    this.#context = { text, warnings: new Warnings(), now, fieldTypes };
  }

  /** The documents of `chunk` that the source command and the leading WHERE commands keep, in order. */
  keep(chunk: readonly EventDocument[]): EventDocument[] {
    const documents = chunk.filter((document) => indexMatches(document._index, this.#patterns));
    let table = sourceTable(this.#patterns, [], { documents, fieldTypes: this.fieldTypes, ...(this.#columns ? { only: this.#columns } : {}) });
    const origin = new Map(table.rows.map((row, n) => [row, documents[n] as EventDocument]));
    for (const where of this.#wheres) {
      const condition = compileExpression(where.condition, scopeOf(table), this.#context);
      table = { columns: table.columns, rows: table.rows.filter((row) => condition.evaluate(row) === true) };
    }
    return table.rows.map((row) => origin.get(row) as EventDocument);
  }
}
