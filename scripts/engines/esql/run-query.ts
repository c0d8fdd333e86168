// The embedded ES|QL engine: runs a parsed query over documents, command by command, and answers
// like Elasticsearch's `_query` API (columns with types, rows of values, warnings). It covers the
// commands detection rules use; any other command or function is refused with its name
// (NotReplayableError), never skipped.
import type { AggregateField, Command, Expression, Field, FunctionCall, NamePattern, Order, Query } from '../../esql/ast.js';
import { fieldName } from '../../esql/field-name.js';
import { functions } from '../../esql/functions.js';
import type { EsqlType } from '../../esql/types.js';
import type { EventDocument, FieldTypes } from '../types.js';
import { createAccumulator, supportedAggregates, type Accumulator } from './aggregates.js';
import { compileExpression, NotReplayableError, orderKey, type CompileContext, type Compiled, type Scope } from './compile-expression.js';
import { EvaluationError } from './scalar-functions.js';
import { sourceTable } from './source-columns.js';
import { dissectPattern, grokPattern, PatternError } from './text-patterns.js';
import { cellOf, compareScalars, isMulti, outputCell, valuesOf, Warnings, type Cell, type ColumnInfo, type Scalar, type Table } from './values.js';

export { NotReplayableError };

export interface EsqlRunOptions {
  readonly documents: readonly EventDocument[];
  readonly fieldTypes: FieldTypes;
  /** NOW() and the time the query runs, epoch milliseconds. */
  readonly now: number;
}

export interface EsqlResult {
  readonly columns: readonly { readonly name: string; readonly type: EsqlType }[];
  /** Rows as the `_query` API returns them: dates as ISO strings, multi-values as arrays. */
  readonly values: readonly (readonly unknown[])[];
  readonly warnings: readonly string[];
}

/** Elasticsearch appends `| LIMIT 1000` to a query without a final limit (`esql.query.result_truncation_default_size`). */
export const DEFAULT_LIMIT = 1000;

export function runQuery(query: Query, text: string, options: EsqlRunOptions): EsqlResult {
  const { table, context } = tableAfter(query, text, options, query.commands.length);
  const { warnings } = context;
  const last = query.commands.at(-1);
  const rows = last?.kind === 'limit' ? table.rows : table.rows.slice(0, DEFAULT_LIMIT);
  return {
    columns: table.columns.map(({ name, type }) => ({ name, type })),
    values: rows.map((row) => row.map((cell, index) => outputCell(cell, (table.columns[index] as ColumnInfo).type))),
    warnings: warnings.messages,
  };
}

/**
 * The table the first `count` commands give, and the context they ran in (its warnings): the
 * result before the output conversion, or the rows a WHERE further on sees (clause coverage).
 */
export function tableAfter(query: Query, text: string, options: EsqlRunOptions, count: number): { table: Table; context: CompileContext } {
  const context: CompileContext = { text, warnings: new Warnings(text), now: options.now, fieldTypes: options.fieldTypes };
  let table: Table = { columns: [], rows: [] };
  query.commands.slice(0, count).forEach((command, index) => {
    table = runCommand(command, table, context, options, rowsNeeded(query.commands, index));
  });
  return { table, context };
}

/** MV_EXPAND output beyond this many rows is refused: the engine holds every row in memory. */
export const MAX_EXPANDED_ROWS = 5_000_000;

/**
 * How many rows of command `index`'s output can matter: a LIMIT reached through commands that map
 * each row to rows in order (EVAL, KEEP, DROP, RENAME, DISSECT, GROK, MV_EXPAND) caps it, as
 * Elasticsearch pushes a LIMIT down into MV_EXPAND.
 */
function rowsNeeded(commands: readonly Command[], index: number): number {
  for (const command of commands.slice(index + 1)) {
    if (command.kind === 'limit') return command.count.kind === 'literal' ? Number(command.count.value) : Number.POSITIVE_INFINITY;
    if (!['eval', 'keep', 'drop', 'rename', 'dissect', 'grok', 'mv_expand'].includes(command.kind)) return Number.POSITIVE_INFINITY;
  }
  // The last command: the default LIMIT applies to the result.
  return index === commands.length - 1 ? DEFAULT_LIMIT : Number.POSITIVE_INFINITY;
}

export function scopeOf(table: Table): Scope {
  return { index: new Map(table.columns.map((column, index) => [column.name, index])), types: table.columns.map((column) => column.type) };
}

const notReplayable = (command: Command): never => {
  throw new NotReplayableError(`the ${command.kind.toUpperCase().replace('_', ' ')} command is outside the embedded ES|QL engine's subset`, command.offset);
};

function runCommand(command: Command, table: Table, context: CompileContext, options: EsqlRunOptions, needed: number): Table {
  switch (command.kind) {
    case 'from': {
      const patterns = command.indices.map((index) => {
        if (index.cluster !== undefined) throw new NotReplayableError('remote clusters are outside a replay', index.offset);
        return index.name;
      });
      return sourceTable(patterns.flatMap((pattern) => pattern.split(',')), command.metadata.map((field) => field.name), options);
    }
    case 'row':
      return evalFields(command.fields, { columns: [], rows: [[]] }, context);
    case 'eval':
      return evalFields(command.fields, table, context);
    case 'where': {
      const condition = compileExpression(command.condition, scopeOf(table), context);
      return { columns: table.columns, rows: table.rows.filter((row) => condition.evaluate(row) === true) };
    }
    case 'keep':
      return keep(command.patterns, table);
    case 'drop': {
      const drop = (name: string): boolean => command.patterns.some((pattern) => matchesPattern(pattern.name, name));
      return project(table, table.columns.map((column, index) => ({ index, column })).filter(({ column }) => !drop(column.name)));
    }
    case 'rename': {
      let columns = [...table.columns];
      for (const { from, to } of command.renames) {
        const position = columns.findIndex((column) => column.name === from.name);
        if (position < 0) throw new NotReplayableError(`Unknown column [${from.name}]`, from.offset);
        // A column already called `to` gives way to the renamed one.
        const renamed = { ...(columns[position] as ColumnInfo), name: to.name };
        columns = columns.map((column, index) => (index === position ? renamed : column));
        const shadowed = columns.findIndex((column, index) => column.name === to.name && index !== position);
        if (shadowed >= 0) {
          const keepIndexes = columns.map((_, index) => index).filter((index) => index !== shadowed);
          const projected = project({ columns, rows: table.rows }, keepIndexes.map((index) => ({ index, column: columns[index] as ColumnInfo })));
          columns = [...projected.columns];
          table = projected;
        }
      }
      return { columns, rows: table.rows };
    }
    case 'sort':
      return sort(command.orders, table, context);
    case 'limit': {
      const count = command.count.kind === 'literal' ? Number(command.count.value) : notReplayable(command);
      return { columns: table.columns, rows: table.rows.slice(0, count) };
    }
    case 'stats':
    case 'inline_stats':
      return stats(command, table, context);
    case 'mv_expand': {
      const position = scopeOf(table).index.get(command.field.name);
      if (position === undefined) throw new NotReplayableError(`Unknown column [${command.field.name}]`, command.field.offset);
      // Refuse before building rows the engine would not hold anyway.
      const produced = table.rows.reduce((total, row) => total + Math.max(1, valuesOf(row[position] as Cell).length), 0);
      if (Math.min(produced, needed) > MAX_EXPANDED_ROWS) {
        throw new NotReplayableError(`MV_EXPAND produces more than ${MAX_EXPANDED_ROWS} rows, more than the embedded engine holds in memory`, command.offset);
      }
      const rows: (readonly Cell[])[] = [];
      for (const row of table.rows) {
        const cell = row[position] as Cell;
        if (!isMulti(cell)) rows.push(row);
        else for (const value of cell) rows.push(row.map((item, index) => (index === position ? value : item)));
        if (rows.length >= needed) return { columns: table.columns, rows: rows.slice(0, needed) };
        if (rows.length > MAX_EXPANDED_ROWS) {
          throw new NotReplayableError(`MV_EXPAND produces more than ${MAX_EXPANDED_ROWS} rows, more than the embedded engine holds in memory`, command.offset);
        }
      }
      return { columns: table.columns, rows };
    }
    case 'dissect': {
      const separator = command.options.find((option) => option.name.toLowerCase() === 'append_separator');
      const extraction = withPattern(command, () => dissectPattern(command.pattern.value as string, separator?.value.kind === 'literal' ? String(separator.value.value) : ''));
      return extract(command.input, extraction.names, extraction.names.map(() => 'keyword' as EsqlType), extraction.extract, table, context);
    }
    case 'grok': {
      const extraction = withPattern(command, () => grokPattern(command.patterns.map((pattern) => pattern.value as string)));
      return extract(command.input, extraction.names, extraction.types, extraction.extract, table, context);
    }
    default:
      return notReplayable(command);
  }
}

function withPattern<T>(command: Command, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof PatternError) throw new NotReplayableError(error.message, command.offset);
    throw error;
  }
}

function matchesPattern(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);
}

function project(table: Table, kept: readonly { index: number; column: ColumnInfo }[]): Table {
  return { columns: kept.map(({ column }) => column), rows: table.rows.map((row) => kept.map(({ index }) => row[index] as Cell)) };
}

/** Appends a column, replacing an earlier one of the same name (EVAL, DISSECT, GROK shadow). */
function withColumn(table: Table, column: ColumnInfo, values: readonly Cell[]): Table {
  const existing = table.columns.findIndex((item) => item.name === column.name);
  const columns = [...table.columns.filter((_, index) => index !== existing), column];
  const rows = table.rows.map((row, rowIndex) => [...row.filter((_, index) => index !== existing), values[rowIndex] as Cell]);
  return { columns, rows };
}

function evalFields(fields: readonly Field[], table: Table, context: CompileContext): Table {
  let result = table;
  for (const field of fields) {
    const compiled = compileExpression(field.expression, scopeOf(result), context);
    const name = fieldName(field, context.text);
    const values = result.rows.map((row) => compiled.evaluate(row));
    result = withColumn(result, { name, type: compiled.type }, values);
  }
  return result;
}

/**
 * KEEP: each column goes where the last pattern naming it stands; an exact name outranks a wildcard,
 * so a column named exactly anywhere goes to its last exact mention (Elasticsearch's keepResolver).
 * Columns one wildcard matches keep their order.
 */
function keep(patterns: readonly NamePattern[], table: Table): Table {
  for (const pattern of patterns) {
    if (!pattern.name.includes('*') && !table.columns.some((column) => column.name === pattern.name)) {
      throw new NotReplayableError(`Unknown column [${pattern.name}]`, pattern.offset);
    }
  }
  const placed: { index: number; column: ColumnInfo; position: number }[] = [];
  table.columns.forEach((column, index) => {
    let exact = -1;
    let wildcard = -1;
    patterns.forEach((pattern, position) => {
      if (!matchesPattern(pattern.name, column.name)) return;
      if (pattern.name.includes('*')) wildcard = position;
      else exact = position;
    });
    const position = exact >= 0 ? exact : wildcard;
    if (position >= 0) placed.push({ index, column, position });
  });
  placed.sort((a, b) => a.position - b.position || a.index - b.index);
  return project(table, placed);
}

function sort(orders: readonly Order[], table: Table, context: CompileContext): Table {
  const keys = orders.map((order) => {
    const compiled = compileExpression(order.expression, scopeOf(table), context);
    const descending = order.direction === 'desc';
    // ASC puts nulls last and DESC first, unless NULLS says otherwise; a multi-value sorts by its min (ASC) or max (DESC).
    const nullsFirst = order.nulls ? order.nulls === 'first' : descending;
    const key = orderKey(compiled.type);
    const compare = key ? (a: Scalar, b: Scalar) => compareScalars(key(a), key(b)) : compareScalars;
    return { compiled, descending, nullsFirst, compare };
  });
  const decorated = table.rows.map((row, position) => ({
    row,
    position,
    values: keys.map(({ compiled, descending, compare }) => {
      const values = [...valuesOf(compiled.evaluate(row))].sort(compare);
      return values.length === 0 ? null : descending ? (values.at(-1) as Scalar) : (values[0] as Scalar);
    }),
  }));
  decorated.sort((a, b) => {
    for (const [index, { descending, nullsFirst, compare }] of keys.entries()) {
      const x = a.values[index] as Scalar | null;
      const y = b.values[index] as Scalar | null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === nullsFirst ? -1 : 1;
      }
      const order = compare(x, y);
      if (order !== 0) return descending ? -order : order;
    }
    return a.position - b.position;
  });
  return { columns: table.columns, rows: decorated.map(({ row }) => row) };
}

function extract(
  input: Expression,
  names: readonly string[],
  types: readonly EsqlType[],
  extractValues: (input: string) => (string | readonly string[] | null)[] | null,
  table: Table,
  context: CompileContext,
): Table {
  const compiled = compileExpression(input, scopeOf(table), context);
  // Each value of a multi-valued input is matched on its own; the columns collect what matched.
  const perRow = table.rows.map((row) => {
    const values = valuesOf(compiled.evaluate(row));
    const collected: string[][] = names.map(() => []);
    for (const value of values) {
      const extracted = extractValues(String(value));
      extracted?.forEach((cell, index) => {
        if (cell !== null) (collected[index] as string[]).push(...(typeof cell === 'string' ? [cell] : cell));
      });
    }
    return collected;
  });
  let result = table;
  names.forEach((name, index) => {
    const type = types[index] ?? 'keyword';
    const convert = (value: string): Scalar | null => {
      if (type === 'keyword') return value;
      if (type === 'boolean') return value === 'true';
      const number = Number(value);
      return Number.isNaN(number) ? null : type === 'double' ? number : Math.trunc(number);
    };
    const values = perRow.map((collected) => cellOf((collected[index] as string[]).map(convert).filter((value): value is Scalar => value !== null)));
    result = withColumn(result, { name, type }, values);
  });
  return result;
}

interface AggregateCall {
  readonly call: FunctionCall;
  readonly arg?: Compiled;
  readonly sort?: Compiled;
  readonly filter?: Compiled;
  readonly name: string;
  readonly constants: readonly Cell[];
}

/** Replaces each aggregate call in `expression` by a column reference `$aggN`, collecting the calls. */
function liftAggregates(expression: Expression, calls: FunctionCall[]): Expression {
  if (expression.kind === 'function' && functions.get(expression.name)?.aggregate) {
    calls.push(expression);
    return { kind: 'column', name: `$agg${calls.length - 1}`, parts: [`$agg${calls.length - 1}`], offset: expression.offset, end: expression.end };
  }
  switch (expression.kind) {
    case 'function':
      return { ...expression, args: expression.args.map((arg) => liftAggregates(arg, calls)) };
    case 'unary':
      return { ...expression, operand: liftAggregates(expression.operand, calls) };
    case 'binary':
      return { ...expression, left: liftAggregates(expression.left, calls), right: liftAggregates(expression.right, calls) };
    case 'in':
      return { ...expression, value: liftAggregates(expression.value, calls), list: expression.list.map((item) => liftAggregates(item, calls)) };
    case 'is-null':
    case 'like':
    case 'cast':
      return { ...expression, value: liftAggregates(expression.value, calls) } as Expression;
    default:
      return expression;
  }
}

/** A constant argument (TOP's count, COUNT_DISTINCT's precision): a literal or an expression of literals, folded. */
function constantValue(expression: Expression, context: CompileContext): Cell {
  if (expression.kind === 'literal') return expression.value as Cell;
  let compiled: Compiled;
  try {
    compiled = compileExpression(expression, { index: new Map(), types: [] }, context);
  } catch (error) {
    if (error instanceof NotReplayableError) throw new NotReplayableError('this aggregate argument must be a constant', expression.offset);
    throw error;
  }
  return compiled.evaluate([]);
}

/**
 * STATS with Elasticsearch's name rules: when two outputs share a name the last one wins, and a
 * grouping wins over any aggregate; every shadowed output is dropped (a shadowed grouping does not
 * group at all) with the warning `Field 'x' shadowed by field at line L:C`. Groupings are computed
 * over the input; aggregates and their WHERE filters see the input columns and, over them, the
 * values of aliased groupings (`BY l = languages + 1`).
 */
function stats(command: Command & { kind: 'stats' | 'inline_stats' }, table: Table, context: CompileContext): Table {
  const scope = scopeOf(table);
  if (command.kind === 'inline_stats' && /^inlinestats$/i.test(context.text.slice(command.keyword.offset, command.keyword.end))) {
    context.warnings.note(command.keyword.offset, 'INLINESTATS is deprecated, use INLINE STATS instead');
  }
  const position = (field: Field): number => field.name?.offset ?? field.expression.offset;
  const entries = [
    ...command.aggregates.map((field) => ({ field, grouping: false })),
    ...command.groupings.map((field) => ({ field, grouping: true })),
  ].map((entry) => ({ ...entry, name: fieldName(entry.field, context.text) }));
  const winners = new Map(entries.map((entry) => [entry.name, entry] as const));
  for (const entry of entries) {
    const winner = winners.get(entry.name);
    if (winner !== undefined && winner !== entry) {
      context.warnings.note(position(entry.field), `Field '${entry.name}' shadowed by field at line ${context.warnings.position(position(winner.field))}`);
    }
  }
  const survives = (field: Field): boolean => winners.get(fieldName(field, context.text))?.field === field;
  const groupings = command.groupings.filter(survives).map((grouping) => ({
    name: fieldName(grouping, context.text),
    aliased: grouping.name !== undefined && !(grouping.expression.kind === 'column' && grouping.expression.name === grouping.name.name),
    compiled: compileExpression(grouping.expression, scope, context),
  }));
  // Aggregates read rows extended with the group key; an aliased grouping hides a same-named column.
  const width = table.columns.length;
  const aggregateScope: Scope = {
    index: new Map([...scope.index, ...groupings.flatMap((grouping, index) => (grouping.aliased ? [[grouping.name, width + index] as const] : []))]),
    types: [...scope.types, ...groupings.map((grouping) => grouping.compiled.type)],
  };
  const lifted: { field: AggregateField; expression: Expression; calls: AggregateCall[] }[] = command.aggregates.filter(survives).map((field) => {
    const found: FunctionCall[] = [];
    const expression = liftAggregates(field.expression, found);
    const filter = field.filter ? compileExpression(field.filter, aggregateScope, context) : undefined;
    const calls = found.map((call, index): AggregateCall => {
      if (!supportedAggregates.has(call.name)) throw new NotReplayableError(`the aggregate ${call.written} is outside the embedded ES|QL engine's subset`, call.offset);
      const arg = call.star || call.args.length === 0 ? undefined : compileExpression(call.args[0] as Expression, aggregateScope, context);
      const sortExpression = call.by ?? (call.name === 'first' || call.name === 'last' ? call.args[1] : undefined);
      const sortKey = sortExpression ? compileExpression(sortExpression, aggregateScope, context) : undefined;
      const constants = call.name === 'first' || call.name === 'last' ? [] : call.args.slice(1).map((arg) => constantValue(arg, context));
      return { call, name: `$agg${index}`, constants, ...(arg ? { arg } : {}), ...(sortKey ? { sort: sortKey } : {}), ...(filter ? { filter } : {}) };
    });
    return { field, expression, calls };
  });

  // Rows go to every combination of their grouping values; a multi-valued key puts a row in each of its groups.
  const groups = new Map<string, { key: Cell[]; accumulators: Accumulator[][]; rows: number[] }>();
  const newAccumulators = (): Accumulator[][] =>
    lifted.map(({ calls }) => calls.map((call) => createAccumulator({ name: call.call.name, types: call.arg ? [call.arg.type] : [], constants: call.constants, star: call.call.star })));
  // For INLINE STATS: each row's grouping values, and its groups in the order of its keys.
  const rowGroupings: Cell[][] = [];
  const rowGroups: { key: Cell[] }[][] = [];
  table.rows.forEach((row, rowIndex) => {
    let keys: Cell[][] = [[]];
    const cells: Cell[] = [];
    rowGroupings.push(cells);
    rowGroups.push([]);
    for (const { compiled } of groupings) {
      const cell = compiled.evaluate(row);
      cells.push(cell);
      const values: Cell[] = cell === null ? [null] : [...new Set(valuesOf(cell))];
      keys = keys.flatMap((key) => values.map((value) => [...key, value]));
    }
    for (const key of keys) {
      const id = JSON.stringify(key);
      let group = groups.get(id);
      if (!group) groups.set(id, (group = { key, accumulators: newAccumulators(), rows: [] }));
      group.rows.push(rowIndex);
      (rowGroups[rowIndex] as { key: Cell[] }[]).push(group);
      const extended = [...row, ...key];
      lifted.forEach(({ calls }, fieldIndex) => {
        calls.forEach((call, callIndex) => {
          if (call.filter && call.filter.evaluate(extended) !== true) return;
          const accumulator = (group.accumulators[fieldIndex] as Accumulator[])[callIndex] as Accumulator;
          accumulator.add(call.arg ? call.arg.evaluate(extended) : 1, call.sort?.evaluate(extended));
        });
      });
    }
  });
  // One grouping key: Elasticsearch's block hash reserves the first group for null, so it comes first.
  if (groupings.length === 1 && groups.has('[null]') && groups.size > 1) {
    const nullGroup = groups.get('[null]') as { key: Cell[]; accumulators: Accumulator[][]; rows: number[] };
    groups.delete('[null]');
    const rest = [...groups];
    groups.clear();
    groups.set('[null]', nullGroup);
    for (const [id, group] of rest) groups.set(id, group);
  }
  // STATS without BY over no rows still answers one row (COUNT 0, the rest null).
  if (groupings.length === 0 && groups.size === 0) groups.set('[]', { key: [], accumulators: newAccumulators(), rows: [] });

  const groupColumns: ColumnInfo[] = groupings.map(({ name, compiled }) => ({ name, type: compiled.type }));
  const results: { name: string; type: EsqlType; values: Cell[] }[] = [];
  const groupList = [...groups.values()];
  lifted.forEach(({ field, expression, calls }, fieldIndex) => {
    const aggregateColumns: ColumnInfo[] = calls.map((call) => {
      const signature = functions.get(call.call.name);
      const argType = call.arg?.type ?? 'unknown';
      const type: EsqlType = signature && typeof signature.returns === 'string' && signature.returns !== 'common' && signature.returns !== 'widest_numeric'
        ? signature.returns
        : signature?.returns === 'widest_numeric' ? (argType === 'integer' ? 'long' : argType) : argType;
      return { name: call.name, type };
    });
    const outerScope: Scope = {
      index: new Map([...groupColumns.map((column, index) => [column.name, index] as const), ...aggregateColumns.map((column, index) => [column.name, groupColumns.length + index] as const)]),
      types: [...groupColumns, ...aggregateColumns].map((column) => column.type),
    };
    const outer = compileExpression(expression, outerScope, context);
    const values = groupList.map((group) => {
      const aggregated = (group.accumulators[fieldIndex] as Accumulator[]).map((accumulator, callIndex) => {
        try {
          return accumulator.result();
        } catch (error) {
          if (!(error instanceof EvaluationError)) throw error;
          const call = calls[callIndex] as AggregateCall;
          context.warnings.add(call.call, error.message);
          return null;
        }
      });
      return outer.evaluate([...group.key, ...aggregated]);
    });
    results.push({ name: fieldName(field, context.text), type: outer.type, values });
  });

  if (command.kind === 'inline_stats') {
    // INLINE STATS joins the aggregates back to the rows of their group: the input columns not
    // shadowed by an output, then the aggregates, then the groupings (InlineStats.output). A row
    // whose grouping is multi-valued belongs to several groups: it keeps its own grouping values
    // and takes the aggregates of all its groups, in key order, as one multi-value (nulls left out).
    const groupIndexes = new Map<{ key: Cell[] }, number>(groupList.map((group, index) => [group, index]));
    const outputs = new Set([...results.map((column) => column.name), ...groupColumns.map((column) => column.name)]);
    const kept = table.columns.flatMap((column, index) => (outputs.has(column.name) ? [] : [{ column, index }]));
    return {
      columns: [...kept.map(({ column }) => column), ...results.map(({ name, type }) => ({ name, type })), ...groupColumns],
      rows: table.rows.map((row, rowIndex) => {
        const groupsOfRow = (rowGroups[rowIndex] ?? []).map((group) => groupIndexes.get(group) as number);
        return [
          ...kept.map(({ index }) => row[index] as Cell),
          ...results.map((column) => (groupsOfRow.length === 1
            ? (column.values[groupsOfRow[0] as number] as Cell)
            : cellOf(groupsOfRow.flatMap((groupIndex) => valuesOf(column.values[groupIndex] as Cell))))),
          ...(rowGroupings[rowIndex] ?? []),
        ];
      }),
    };
  }
  const columns: ColumnInfo[] = [...results.map(({ name, type }) => ({ name, type })), ...groupColumns];
  const rows = groupList.map((group, groupIndex) => [...results.map((column) => column.values[groupIndex] as Cell), ...group.key]);
  return { columns, rows };
}
