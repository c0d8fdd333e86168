// A query over an export too large to hold: the leading `FROM … | WHERE …` of a query is row-local,
// so it runs on chunks of documents as they stream in and only the documents that survive are
// kept; the whole query then runs on the survivors, where those commands pass them again. With the
// mapping fixed (field types given), this gives the answer the query gives over every document.
// Before parsing, a raw-line test skips a line that lacks a string every match must contain.
import type { Command, Expression, Query } from '../../esql/ast.js';
import type { EventDocument, FieldTypes } from '../types.js';
import { compileExpression, NotReplayableError, type CompileContext } from './compile-expression.js';
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

/** Characters a JSON string never escapes: such a literal appears verbatim in the line holding it. */
const VERBATIM = /^[A-Za-z0-9 _.:@-]+$/;

function conjuncts(expression: Expression): Expression[] {
  return expression.kind === 'binary' && expression.operator === 'and' ? [...conjuncts(expression.left), ...conjuncts(expression.right)] : [expression];
}

/**
 * Strings every matching document's line contains: from `keyword_field == "literal"` in the AND
 * chain of the leading WHERE commands (a keyword value is its JSON string or number as written).
 */
export function requiredLineStrings(query: Query, typeOf: (field: string) => string | undefined): string[] {
  const strings = new Set<string>();
  for (const where of rowLocalPrefix(query).wheres) {
    for (const term of conjuncts(where.condition)) {
      if (term.kind !== 'binary' || term.operator !== '==') continue;
      const [column, literal] = term.left.kind === 'column' ? [term.left, term.right] : [term.right, term.left];
      if (column.kind !== 'column' || literal.kind !== 'literal' || typeof literal.value !== 'string') continue;
      const type = typeOf(column.name);
      if ((type === 'keyword' || type === 'constant_keyword') && VERBATIM.test(literal.value)) strings.add(literal.value);
    }
  }
  return [...strings];
}

/** The names of the columns an AST node reads, at any depth. */
export function columnNames(node: unknown, names: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) columnNames(item, names);
  } else if (typeof node === 'object' && node !== null) {
    if ((node as { kind?: unknown }).kind === 'column') names.add((node as { name: string }).name);
    for (const value of Object.values(node)) if (typeof value === 'object') columnNames(value, names);
  }
  return names;
}

export class StreamingSourceFilter {
  readonly #patterns: string[];
  readonly #wheres: WhereCommand[];
  readonly #context: CompileContext;
  /** The columns the WHERE commands read: the only ones a chunk's table needs. */
  readonly #columns: ReadonlySet<string>;

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
    this.#columns = columnNames(wheres.map((where) => where.condition));
    // Warnings of this pass are dropped: the full run over the survivors reports them.
    this.#context = { text, warnings: new Warnings(), now };
  }

  /** The documents of `chunk` that the source command and the leading WHERE commands keep, in order. */
  keep(chunk: readonly EventDocument[]): EventDocument[] {
    const documents = chunk.filter((document) => indexMatches(document._index, this.#patterns));
    let table = sourceTable(this.#patterns, [], { documents, fieldTypes: this.fieldTypes, only: this.#columns });
    const origin = new Map(table.rows.map((row, n) => [row, documents[n] as EventDocument]));
    for (const where of this.#wheres) {
      const scope = { index: new Map(table.columns.map((column, n) => [column.name, n])), types: table.columns.map((column) => column.type) };
      const condition = compileExpression(where.condition, scope, this.#context);
      table = { columns: table.columns, rows: table.rows.filter((row) => condition.evaluate(row) === true) };
    }
    return table.rows.map((row) => origin.get(row) as EventDocument);
  }
}
