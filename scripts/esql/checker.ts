// Checks a parsed ES|QL query as Elasticsearch's analyzer and verifier would: every column a
// command reads must exist at that point of the pipeline (FROM's index patterns give the fields of
// the catalogue; EVAL, STATS, RENAME, KEEP, DROP, DISSECT, GROK, ENRICH change what exists), every
// function must be known and get arguments of types it takes, and conditions must be boolean.
// Messages follow Elasticsearch's (x-pack/plugin/esql/.../analysis/Analyzer.java and Verifier.java,
// esql-core's TypeResolutions.java).
import { fieldName } from './field-name.js';
import type { FieldCatalogue } from '../fields/field-catalogue.js';
import type { Command, Expression, Field, FunctionCall, Literal, NamePattern, Query } from './ast.js';
import { accepts, acceptedText, functions, type FunctionSignature } from './functions.js';
import type { EsqlProblem, QueryText } from './problem.js';
import { columnType, isDatetime, isNumeric, isOpen, isSpan, isString, type EsqlType } from './types.js';
import { nearest } from '../report/suggest.js';

/** Metadata fields FROM … METADATA can add (MetadataAttribute.java). */
const metadataTypes: Readonly<Record<string, EsqlType>> = {
  _id: 'keyword', _index: 'keyword', _version: 'long', _score: 'double', _ignored: 'keyword', _source: 'unsupported', _index_mode: 'keyword', _tsid: 'keyword',
};

/** Units of time span literals (EsqlDataTypeConverter.parseTemporalAmount): calendar ones make a date_period. */
const periodUnits = new Set(['day', 'days', 'd', 'week', 'weeks', 'w', 'month', 'months', 'mo', 'quarter', 'quarters', 'q', 'year', 'years', 'yr', 'y']);
// 'm' is minutes: production rules write `5 m`, and Elasticsearch runs them.
const durationUnits = new Set(['millisecond', 'milliseconds', 'ms', 'second', 'seconds', 'sec', 's', 'minute', 'minutes', 'min', 'm', 'hour', 'hours', 'h']);

/** The names of `::` casts (EsqlDataTypeConverter: its type names and aliases). */
export const castTypes: Readonly<Record<string, EsqlType>> = {
  bool: 'boolean', boolean: 'boolean', cartesian_point: 'cartesian_point', cartesian_shape: 'cartesian_shape', date_nanos: 'date_nanos',
  date_period: 'date_period', datetime: 'date', date: 'date', double: 'double', geo_point: 'geo_point', geo_shape: 'geo_shape',
  int: 'integer', integer: 'integer', ip: 'ip', keyword: 'keyword', long: 'long', string: 'keyword', text: 'text', time_duration: 'time_duration',
  unsigned_long: 'unsigned_long', version: 'version',
};

const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

/** The columns that exist at one point of the pipeline. */
interface Columns {
  type(name: string): EsqlType | undefined;
  /** Names the query itself made, for "did you mean". */
  readonly made: readonly string[];
  /** After ENRICH without WITH, LOOKUP JOIN or FORK the columns are not all known: nothing is unknown. */
  readonly open: boolean;
  /** A close name for a misspelt one, from the catalogue. */
  suggest(name: string): string | undefined;
}

export interface CheckOptions {
  readonly catalogue: FieldCatalogue;
  /** Report unknown columns (`metadata.query_schema_validation = false` turns it off). */
  readonly checkFields?: boolean;
}

export function checkColumns(query: Query, source: QueryText, options: CheckOptions): EsqlProblem[] {
  return new Checker(source, options).run(query);
}

const matches = (pattern: string, name: string): boolean => {
  if (!pattern.includes('*')) return pattern === name;
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return expression.test(name);
};

class Checker {
  private readonly problems: EsqlProblem[] = [];

  constructor(
    private readonly source: QueryText,
    private readonly options: CheckOptions,
  ) {}

  private text(node: { offset: number; end: number }): string {
    return this.source.text.slice(node.offset, node.end);
  }

  private report(code: EsqlProblem['code'], offset: number, message: string, hint?: string, severity: EsqlProblem['severity'] = 'error'): void {
    this.problems.push(this.source.problem(code, offset, message, hint, severity));
  }

  run(query: Query): EsqlProblem[] {
    let columns: Columns = { type: () => undefined, made: [], open: false, suggest: () => undefined };
    for (const command of query.commands) columns = this.command(command, columns);
    return this.problems;
  }

  private command(command: Command, columns: Columns): Columns {
    switch (command.kind) {
      case 'from':
      case 'ts':
        return this.from(command.indices.map((index) => (index.cluster ? `${index.cluster}:${index.name}` : index.name)), command.metadata);
      case 'row':
        return this.define(command.fields, { type: () => undefined, made: [], open: false, suggest: () => undefined });
      case 'show':
        return this.closed(new Map<string, EsqlType>([['version', 'keyword'], ['date', 'keyword'], ['hash', 'keyword']]), columns);
      case 'eval':
        return this.define(command.fields, columns);
      case 'where': {
        const type = this.typeOf(command.condition, columns, false);
        if (type !== 'boolean' && !isOpen(type)) this.report('esql.type', command.condition.offset, `Condition expression needs to be boolean, found [${type.toUpperCase()}]`);
        return columns;
      }
      case 'keep':
        return this.keep(command.patterns, columns);
      case 'drop': {
        for (const pattern of command.patterns) this.requirePattern(pattern, columns);
        const dropped = command.patterns.map((pattern) => pattern.name);
        return { ...columns, type: (name) => (dropped.some((pattern) => matches(pattern, name)) ? undefined : columns.type(name)) };
      }
      case 'rename': {
        let result = columns;
        for (const { from, to } of command.renames) {
          this.requirePattern(from, result);
          const previous = result;
          const type = previous.type(from.name) ?? 'unknown';
          result = { ...previous, made: [...previous.made, to.name], type: (name) => (name === to.name ? type : name === from.name ? undefined : previous.type(name)) };
        }
        return result;
      }
      case 'stats':
      case 'inline_stats':
        return this.stats(command, columns);
      case 'sort':
        for (const order of command.orders) this.typeOf(order.expression, columns, false);
        return columns;
      case 'limit':
      case 'sample':
        return columns;
      case 'dissect': {
        this.requireString(command.input, columns);
        const names = [...(command.pattern.value as string).matchAll(/%\{([^}]*)\}/g)]
          .map((match) => (match[1] as string).replace(/^[+&*?]/, '').replace(/->$/, '').replace(/\/\d+$/, ''))
          .filter((name) => name !== '' && !(command.pattern.value as string).includes(`%{?${name}}`));
        return this.add(new Map(names.map((name) => [name, 'keyword' as EsqlType])), columns);
      }
      case 'grok': {
        this.requireString(command.input, columns);
        const added = new Map<string, EsqlType>();
        for (const pattern of command.patterns) {
          for (const match of (pattern.value as string).matchAll(/%\{[A-Za-z0-9_]+:([^:}]+)(?::([a-z]+))?\}/g)) {
            const semantic = { int: 'integer', long: 'long', float: 'double', double: 'double', boolean: 'boolean' }[match[2] ?? ''] ?? 'keyword';
            added.set(match[1] as string, semantic as EsqlType);
          }
          for (const match of (pattern.value as string).matchAll(/\(\?<([A-Za-z0-9_.]+)>/g)) added.set(match[1] as string, 'keyword');
        }
        return this.add(added, columns);
      }
      case 'enrich': {
        if (command.on) this.requirePattern(command.on, columns);
        // The policy's enrich fields are not known here: named ones become columns of unknown type.
        if (command.with.length === 0) return { ...columns, open: true };
        return this.add(new Map(command.with.map((clause) => [(clause.name ?? clause.field).name, 'unknown' as EsqlType])), columns);
      }
      case 'mv_expand':
        this.typeOf(command.field, columns, false);
        return columns;
      case 'lookup_join':
        // The lookup index's fields join the columns; the index is not in the catalogue.
        return { ...columns, open: true };
      case 'change_point': {
        this.typeOf(command.value, columns, false);
        if (command.key) this.typeOf(command.key, columns, false);
        const [type, pvalue] = command.as ? [command.as[0].name, command.as[1].name] : ['type', 'pvalue'];
        return this.add(new Map<string, EsqlType>([[type, 'keyword'], [pvalue, 'double']]), columns);
      }
      case 'completion':
        this.typeOf(command.prompt, columns, false);
        return this.add(new Map<string, EsqlType>([[command.target?.name ?? 'completion', 'keyword']]), columns);
      case 'rerank':
        for (const field of command.on) this.typeOf(field.expression, columns, false);
        return this.add(new Map<string, EsqlType>([[command.target?.name ?? '_score', 'double']]), columns);
      case 'fork':
        for (const branch of command.branches) branch.reduce((scope, step) => this.command(step, scope), columns);
        return this.add(new Map<string, EsqlType>([['_fork', 'keyword']]), { ...columns, open: true });
      case 'fuse':
        return columns;
    }
  }

  private from(indexPatterns: readonly string[], metadata: readonly NamePattern[]): Columns {
    const { catalogue } = this.options;
    const metadataColumns = new Map<string, EsqlType>();
    for (const field of metadata) {
      const type = metadataTypes[field.name];
      if (type === undefined) this.report('esql.field', field.offset, `unsupported metadata field [${field.name}]`, `use one of ${Object.keys(metadataTypes).join(', ')}`);
      else metadataColumns.set(field.name, type);
    }
    return {
      made: [...metadataColumns.keys()],
      open: false,
      type: (name) => {
        const meta = metadataColumns.get(name);
        if (meta) return meta;
        const info = catalogue.lookup(name, indexPatterns);
        if (!info || info.type === 'object' || info.type === 'nested') return undefined;
        return columnType(info.type);
      },
      suggest: (name) => catalogue.suggest(name, indexPatterns),
    };
  }

  private add(added: ReadonlyMap<string, EsqlType>, columns: Columns): Columns {
    return { ...columns, made: [...columns.made, ...added.keys()], type: (name) => added.get(name) ?? columns.type(name) };
  }

  private closed(kept: ReadonlyMap<string, EsqlType>, columns: Columns): Columns {
    return { made: [...kept.keys()], open: columns.open, type: (name) => kept.get(name), suggest: () => undefined };
  }

  private define(fields: readonly Field[], columns: Columns): Columns {
    let result = columns;
    for (const field of fields) {
      const type = this.typeOf(field.expression, result, false);
      result = this.add(new Map([[fieldName(field, this.source.text), type]]), result);
    }
    return result;
  }

  private keep(patterns: readonly NamePattern[], columns: Columns): Columns {
    for (const pattern of patterns) this.requirePattern(pattern, columns);
    const names = patterns.map((pattern) => pattern.name);
    return {
      made: columns.made.filter((name) => names.some((pattern) => matches(pattern, name))),
      open: columns.open,
      type: (name) => (names.some((pattern) => matches(pattern, name)) ? columns.type(name) : undefined),
      suggest: columns.suggest,
    };
  }

  private stats(command: Command & { kind: 'stats' | 'inline_stats' }, columns: Columns): Columns {
    const result = new Map<string, EsqlType>();
    const groupNames = new Set<string>();
    for (const grouping of command.groupings) {
      const type = this.typeOf(grouping.expression, columns, false);
      const name = fieldName(grouping, this.source.text);
      groupNames.add(name);
      result.set(name, type);
    }
    const aggregates = new Map<string, EsqlType>();
    for (const aggregate of command.aggregates) {
      const type = this.typeOf(aggregate.expression, columns, true);
      if (aggregate.filter) this.typeOf(aggregate.filter, columns, false);
      if (!this.hasAggregate(aggregate.expression)) {
        const column = aggregate.expression.kind === 'column' ? aggregate.expression.name : this.text(aggregate.expression);
        if (!groupNames.has(column)) {
          this.report('esql.type', aggregate.expression.offset, `column [${column}] must appear in the STATS BY clause or be used in an aggregate function`);
        }
      }
      aggregates.set(fieldName(aggregate, this.source.text), type);
    }
    // STATS gives the aggregates then the groups; INLINE STATS adds the aggregates to every row.
    if (command.kind === 'inline_stats') return this.add(aggregates, columns);
    return this.closed(new Map([...aggregates, ...result]), columns);
  }

  private hasAggregate(expression: Expression): boolean {
    if (expression.kind === 'function' && functions.get(expression.name)?.aggregate) return true;
    return children(expression).some((child) => this.hasAggregate(child));
  }

  /** A name or pattern that must match a column (KEEP, DROP, RENAME, ENRICH ON). */
  private requirePattern(pattern: NamePattern, columns: Columns): void {
    if (pattern.name.includes('*') || pattern.name.startsWith('?')) return;
    if (columns.type(pattern.name) === undefined) this.unknownColumn(pattern.name, pattern.offset, columns);
  }

  private requireString(expression: Expression, columns: Columns): void {
    const type = this.typeOf(expression, columns, false);
    if (!isOpen(type) && !isString(type)) {
      this.report('esql.type', expression.offset, `argument of [${this.text(expression)}] must be [string], found value [${this.text(expression)}] type [${type}]`);
    }
  }

  private unknownColumn(name: string, offset: number, columns: Columns): void {
    if (columns.open || this.options.checkFields === false) return;
    // A catalogue field dropped by KEEP, DROP or STATS is no suggestion.
    const candidate = nearest(name, columns.made) ?? columns.suggest(name);
    const suggestion = candidate !== undefined && columns.type(candidate) !== undefined ? candidate : undefined;
    this.report('esql.field', offset, `Unknown column [${name}]${suggestion ? `, did you mean [${suggestion}]?` : ''}`, suggestion ? `did you mean ${suggestion}?` : 'declare the field in schemas/fields/ if your indices hold it');
  }

  private typeOf(expression: Expression, columns: Columns, aggregateAllowed: boolean): EsqlType {
    switch (expression.kind) {
      case 'literal':
        return this.literalType(expression);
      case 'list':
        return expression.items.length > 0 ? this.literalType(expression.items[0] as Literal) : 'null';
      case 'param':
        return 'unknown';
      case 'column': {
        const type = columns.type(expression.name);
        if (type === undefined) {
          this.unknownColumn(expression.name, expression.offset, columns);
          return 'unknown';
        }
        return type;
      }
      case 'function':
        return this.functionType(expression, columns, aggregateAllowed);
      case 'cast': {
        this.typeOf(expression.value, columns, aggregateAllowed);
        const type = castTypes[expression.type];
        if (type === undefined) {
          this.report('esql.type', expression.offset + this.text(expression).lastIndexOf('::') + 2, `Unsupported conversion to type [${expression.type}]`, `use one of ${Object.keys(castTypes).join(', ')}`);
          return 'unknown';
        }
        return type;
      }
      case 'unary': {
        const type = this.typeOf(expression.operand, columns, aggregateAllowed);
        if (expression.operator === 'not') {
          this.requireBoolean(expression.operand, type, expression);
          return 'boolean';
        }
        if (!isOpen(type) && !isNumeric(type) && !isSpan(type)) {
          this.report('esql.type', expression.operand.offset, `argument of [${this.text(expression)}] must be [numeric, date_period or time_duration], found value [${this.text(expression.operand)}] type [${type}]`);
        }
        return type;
      }
      case 'binary':
        return this.binaryType(expression as Expression & { kind: 'binary' }, columns, aggregateAllowed);
      case 'in': {
        const type = this.typeOf(expression.value, columns, aggregateAllowed);
        for (const item of expression.list) this.compatible(expression, type, item, this.typeOf(item, columns, aggregateAllowed), expression.value);
        return 'boolean';
      }
      case 'is-null':
        this.typeOf(expression.value, columns, aggregateAllowed);
        return 'boolean';
      case 'like': {
        const type = this.typeOf(expression.value, columns, aggregateAllowed);
        if (!isOpen(type) && !isString(type)) {
          this.report('esql.type', expression.value.offset, `first argument of [${this.text(expression)}] must be [string], found value [${this.text(expression.value)}] type [${type}]`);
        }
        return 'boolean';
      }
      case 'match':
        this.typeOf(expression.field, columns, aggregateAllowed);
        return 'boolean';
    }
  }

  private literalType(literal: Literal): EsqlType {
    const type = literalType(literal);
    if (type === undefined) {
      const { unit } = literal.value as { amount: number; unit: string };
      this.report('esql.type', literal.offset, `Unexpected temporal unit: '${unit}'`, 'use millisecond, second, minute, hour, day, week, month, quarter or year');
      return 'unknown';
    }
    return type;
  }
  private requireBoolean(operand: Expression, type: EsqlType, whole: Expression): void {
    if (type !== 'boolean' && !isOpen(type)) {
      this.report('esql.type', operand.offset, `argument of [${this.text(whole)}] must be [boolean], found value [${this.text(operand)}] type [${type}]`);
    }
  }

  private binaryType(expression: Expression & { kind: 'binary' }, columns: Columns, aggregateAllowed: boolean): EsqlType {
    const left = this.typeOf(expression.left, columns, aggregateAllowed);
    const right = this.typeOf(expression.right, columns, aggregateAllowed);
    switch (expression.operator) {
      case 'and':
      case 'or':
        this.requireBoolean(expression.left, left, expression);
        this.requireBoolean(expression.right, right, expression);
        return 'boolean';
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '=~':
        this.compatible(expression, left, expression.right, right, expression.left);
        return 'boolean';
      default:
        return this.arithmeticType(expression, left, right);
    }
  }

  /** Comparison operands must be of one family (EsqlBinaryComparison.checkCompatibility); string literals are cast. */
  private compatible(whole: Expression, left: EsqlType, rightNode: Expression, right: EsqlType, leftNode: Expression): void {
    if (isOpen(left) || isOpen(right) || left === right) return;
    if (isNumeric(left) && isNumeric(right)) return;
    if (isString(left) && isString(right)) return;
    if (isDatetime(left) && isDatetime(right)) return;
    // A string constant is cast to the other side's type when the query is planned (the analyzer's
    // ImplicitCasting rule); one that does not convert fails the query there.
    for (const [node, type] of [[rightNode, left], [leftNode, right]] as const) {
      if (node.kind !== 'literal' || node.type !== 'string') continue;
      const failure = castFailure(node.value as string, type);
      if (failure === undefined) return;
      if (failure !== null) {
        this.report('esql.type', node.offset, `Cannot convert string [${node.value as string}] to [${type.toUpperCase()}], error [${failure}]`);
        return;
      }
    }
    this.report('esql.type', rightNode.offset, `first argument of [${this.text(whole)}] is [${left}] so second argument must also be [${left}] but was [${right}]`);
  }

  private arithmeticType(expression: Expression & { kind: 'binary' }, left: EsqlType, right: EsqlType): EsqlType {
    if (isOpen(left) || isOpen(right)) return isOpen(left) ? right : left;
    if (isNumeric(left) && isNumeric(right)) return widest(left, right);
    if (expression.operator === '+' || expression.operator === '-') {
      if (isDatetime(left) && isSpan(right)) return left;
      if (expression.operator === '+' && isSpan(left) && isDatetime(right)) return right;
      if (isSpan(left) && left === right) return left;
    }
    this.report('esql.type', expression.offset, `[${expression.operator}] has arguments with incompatible types [${left}] and [${right}]`);
    return 'unknown';
  }

  private functionType(call: FunctionCall, columns: Columns, aggregateAllowed: boolean): EsqlType {
    const signature = functions.get(call.name);
    const isAggregate = signature?.aggregate === true;
    // Arguments of an aggregate are evaluated per row: no aggregate may be nested in them.
    const argumentTypes = call.args.map((arg) => this.typeOf(arg, columns, aggregateAllowed && !isAggregate));
    if (call.by) argumentTypes.push(this.typeOf(call.by, columns, false));
    if (!signature) {
      this.report('esql.function', call.offset, `Unknown function [${call.written}]`, 'check the name against the ES|QL function reference; if Elasticsearch added it recently, this tool does not know its signature yet');
      return 'unknown';
    }
    if (isAggregate && !aggregateAllowed) {
      this.report('esql.type', call.offset, `aggregate function [${this.text(call)}] not allowed outside STATS command`);
    }
    const args = call.by ? [...call.args, call.by] : call.args;
    if (call.star) {
      if (call.name !== 'count') this.report('esql.type', call.offset, `[${this.text(call)}]: only COUNT takes *`);
      return signature.returns as EsqlType;
    }
    if (!this.arityFits(signature, args.length)) {
      const required = signature.parameters.filter((parameter) => !parameter.optional).length;
      const most = signature.variadic ? 'or more' : `to ${signature.parameters.length}`;
      this.report('esql.type', call.offset, `function [${call.written}] takes ${required === signature.parameters.length && !signature.variadic ? required : `${required} ${most}`} argument${signature.parameters.length === 1 ? '' : 's'}, found ${args.length} in [${this.text(call)}]`);
      return 'unknown';
    }
    args.forEach((arg, index) => {
      const parameter = signature.parameters[Math.min(index, signature.parameters.length - 1)];
      if (!parameter) return;
      const type = argumentTypes[index] as EsqlType;
      const isStringLiteral = arg.kind === 'literal' && arg.type === 'string';
      if (!accepts(parameter.accepts, type, isStringLiteral)) {
        const ordinal = signature.parameters.length === 1 && !signature.variadic ? '' : `${ordinals[index] ?? `${index + 1}th`} `;
        this.report('esql.type', arg.offset, `${ordinal}argument of [${this.text(call)}] must be [${acceptedText[parameter.accepts]}], found value [${this.text(arg)}] type [${type}]`);
      }
    });
    return returnType(signature, argumentTypes);
  }

  private arityFits(signature: FunctionSignature, count: number): boolean {
    const required = signature.parameters.filter((parameter) => !parameter.optional).length;
    return count >= required && (signature.variadic || count <= signature.parameters.length);
  }
}

/**
 * Why a string constant does not convert to `type`: undefined when it converts, null when ES|QL
 * does not cast strings to that type at all.
 */
export function castFailure(value: string, type: EsqlType): string | undefined | null {
  if (isNumeric(type)) {
    const number = Number(value.trim());
    if (value.trim() === '' || Number.isNaN(number)) return `Cannot parse number [${value}]`;
    return type !== 'double' && !Number.isInteger(number) ? `Cannot parse number [${value}]` : undefined;
  }
  if (isDatetime(type)) return Number.isNaN(Date.parse(value)) ? `failed to parse date field [${value}] with format [strict_date_optional_time]` : undefined;
  if (type === 'ip') return /^(\d{1,3}\.){3}\d{1,3}$|:/.test(value) ? undefined : `'${value}' is not an IP string literal.`;
  if (type === 'boolean') return undefined;
  if (type === 'version' || isSpan(type)) return undefined;
  return null;
}

/** The type of a literal; undefined for a time span of an unknown unit. */
export function literalType(literal: Literal): EsqlType | undefined {
  switch (literal.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'keyword';
    case 'decimal':
      return 'double';
    case 'integer': {
      const value = literal.value as number;
      return Number.isSafeInteger(value) && Math.abs(value) <= 2147483647 ? 'integer' : Math.abs(value) < 2 ** 63 ? 'long' : 'unsigned_long';
    }
    case 'time_span': {
      const { unit } = literal.value as { amount: number; unit: string };
      if (periodUnits.has(unit)) return 'date_period';
      if (durationUnits.has(unit)) return 'time_duration';
      return undefined;
    }
  }
}

export function widest(left: EsqlType, right: EsqlType): EsqlType {
  const order: EsqlType[] = ['integer', 'long', 'unsigned_long', 'double'];
  return order[Math.max(order.indexOf(left), order.indexOf(right))] as EsqlType;
}

export function returnType(signature: FunctionSignature, types: readonly EsqlType[]): EsqlType {
  const { returns } = signature;
  if (typeof returns === 'object') return types[returns.arg] ?? 'unknown';
  if (returns === 'widest_numeric') {
    const type = types[0] ?? 'unknown';
    return type === 'integer' ? 'long' : type;
  }
  if (returns === 'common') {
    // CASE's values are its odd arguments and its last (the default); the others name one type.
    const values = signature.name === 'case' ? types.filter((_, index) => index % 2 === 1 || index === types.length - 1) : types;
    const known = values.filter((type) => !isOpen(type));
    if (known.length === 0) return 'unknown';
    return known.reduce((a, b) => (isNumeric(a) && isNumeric(b) ? widest(a, b) : a));
  }
  return returns;
}

/** The direct sub-expressions of an expression. */
export function children(expression: Expression): readonly Expression[] {
  switch (expression.kind) {
    case 'function':
      return expression.by ? [...expression.args, expression.by] : expression.args;
    case 'unary':
      return [expression.operand];
    case 'binary':
      return [expression.left, expression.right];
    case 'in':
      return [expression.value, ...expression.list];
    case 'is-null':
    case 'like':
    case 'cast':
      return [expression.value];
    case 'match':
      return [expression.field];
    default:
      return [];
  }
}
