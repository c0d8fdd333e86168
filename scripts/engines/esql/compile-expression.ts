// Compiles an ES|QL expression into a function of one row, with its result type. Semantics follow
// Elasticsearch's evaluators (x-pack/plugin/esql/.../expression/predicate/operator/ and
// .../evaluator/): three-valued logic for AND/OR/NOT, null in gives null out, a multi-valued
// operand of an operator or single-value function gives null and a warning, integer and long
// arithmetic that overflows gives null and a warning, `/` and `%` by zero too.
import type { Expression, FunctionCall, Literal } from '../../esql/ast.js';
import { castFailure, castTypes, literalType, returnType, widest } from '../../esql/checker.js';
import { functions } from '../../esql/functions.js';
import { isDatetime, isNumeric, isSpan, isString, type EsqlType } from '../../esql/types.js';
import { compileWildcard } from '../embedded/wildcard.js';
import { compileLuceneRegex } from '../embedded/lucene-regex.js';
import { ipBytes } from '../embedded/cidr.js';
import { addSpan, canonicalFunction, decodeSpan, encodeSpan, EvaluationError, parseStrictDate, PartialResult, scalarFunctions, spanOf } from './scalar-functions.js';
import type { FieldTypes } from '../types.js';
import { compileFullText, fullTextFunctions } from './full-text.js';
import { compareScalars, isMulti, type Cell, type Scalar, type Warnings } from './values.js';

export interface Scope {
  /** Column name → position in the row. */
  readonly index: ReadonlyMap<string, number>;
  readonly types: readonly EsqlType[];
}

export interface CompileContext {
  readonly text: string;
  readonly warnings: Warnings;
  readonly now: number;
  /** The mapping of the searched indices: full-text functions search by it. */
  readonly fieldTypes?: FieldTypes;
}

export interface Compiled {
  readonly type: EsqlType;
  readonly evaluate: (row: readonly Cell[]) => Cell;
}

/** An expression the engine cannot run: the replay reports it instead of a result. */
export class NotReplayableError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const multiValued = 'java.lang.IllegalArgumentException: single-value function encountered multi-value';

/** A key that orders values of `type` as Elasticsearch does: ips by their bytes, versions by their parts. */
export function orderKey(type: EsqlType): ((value: Scalar) => Scalar) | undefined {
  if (type === 'ip') {
    return (value) => (ipBytes(String(value)) ?? []).map((byte) => byte.toString(16).padStart(2, '0')).join('').padStart(32, '0');
  }
  if (type === 'version') {
    return (value) => String(value).split(/[.-]/).map((part) => (/^\d+$/.test(part) ? part.padStart(10, '0') : `~${part}`)).join('.');
  }
  return undefined;
}

export function compileExpression(expression: Expression, scope: Scope, context: CompileContext): Compiled {
  const source = (node: { offset: number; end: number }): string => context.text.slice(node.offset, node.end);

  /** Runs `body`, turning a row-level failure into null and a warning for this expression. */
  const guarded = (node: Expression, body: (row: readonly Cell[]) => Cell): ((row: readonly Cell[]) => Cell) => {
    return (row) => {
      try {
        return body(row);
      } catch (error) {
        if (!(error instanceof EvaluationError)) throw error;
        if (error instanceof PartialResult) {
          for (const message of error.messages) context.warnings.add(node, message);
          return error.result;
        }
        context.warnings.add(node, error.message);
        return null;
      }
    };
  };

  const single = (cell: Cell): Scalar | null => {
    if (isMulti(cell)) throw new EvaluationError(multiValued);
    return cell;
  };

  const literal = (node: Literal): Compiled => {
    const type = typeOfLiteral(node) ?? 'unknown';
    if (node.type === 'time_span') {
      const { amount, unit } = node.value as { amount: number; unit: string };
      const encoded = encodeSpan(spanOf(amount, unit));
      return { type, evaluate: () => encoded };
    }
    const value = node.value as Cell;
    return { type, evaluate: () => value };
  };

  const isStringLiteral = (node: Expression): node is Literal => node.kind === 'literal' && node.type === 'string';
  const dateConstant = (node: Literal): Compiled => {
    const millis = parseStrictDate(node.value as string);
    if (millis === undefined) throw new NotReplayableError(`Cannot convert string [${node.value as string}] to [DATETIME]`, node.offset);
    return { type: 'date', evaluate: () => millis };
  };

  const numberConstant = (node: Literal): Compiled => {
    const number = Number((node.value as string).trim());
    if ((node.value as string).trim() === '' || Number.isNaN(number)) throw new NotReplayableError(`Cannot convert string [${node.value as string}] to [DOUBLE]`, node.offset);
    return { type: 'double', evaluate: () => number };
  };

  const compile = (node: Expression): Compiled => {
    switch (node.kind) {
      case 'literal':
        return literal(node);
      case 'list': {
        // A one-value list is single-valued, as a block position with one value is.
        const values = node.items.map((item) => item.value as Scalar);
        const cell: Cell = values.length === 1 ? (values[0] as Scalar) : values;
        const itemTypes = node.items.map((item) => typeOfLiteral(item) ?? 'unknown');
        const type = itemTypes.length === 0 ? 'null' : itemTypes.every(isNumeric) ? itemTypes.reduce(widest) : (itemTypes[0] as EsqlType);
        return { type, evaluate: () => cell };
      }
      case 'param':
        throw new NotReplayableError(`query parameters (${source(node)}) have no value in a replay`, node.offset);
      case 'column': {
        const position = scope.index.get(node.name);
        if (position === undefined) throw new NotReplayableError(`Unknown column [${node.name}]`, node.offset);
        return { type: scope.types[position] as EsqlType, evaluate: (row) => row[position] as Cell };
      }
      case 'cast': {
        const inner = compile(node.value);
        const target = castTypes[node.type];
        const conversion = target && conversionFunction(target);
        if (!target || !conversion) throw new NotReplayableError(`the cast ::${node.type} is not supported by the embedded engine`, node.offset);
        const convert = scalarFunctions.get(conversion) as NonNullable<ReturnType<typeof scalarFunctions.get>>;
        const callContext = { types: [inner.type], now: context.now };
        return { type: target, evaluate: guarded(node, (row) => convert([inner.evaluate(row)], callContext)) };
      }
      case 'unary': {
        const operand = compile(node.operand);
        if (node.operator === 'not') {
          return { type: 'boolean', evaluate: guarded(node, (row) => {
            const value = single(operand.evaluate(row));
            return value === null ? null : !value;
          }) };
        }
        if (node.operator === '+') return operand;
        return { type: operand.type, evaluate: guarded(node, (row) => {
          const value = single(operand.evaluate(row));
          if (value === null) return null;
          if (isSpan(operand.type)) {
            return String(value).split(';').map((part) => {
              const span = decodeSpan(part);
              return encodeSpan({ ...span, amount: -span.amount });
            }).join(';');
          }
          return isNumeric(operand.type) && operand.type !== 'double' ? exactArithmetic('-', 0, value as number, operand.type) : -(value as number);
        }) };
      }
      case 'binary':
        return binary(node as Expression & { kind: 'binary' });
      case 'in': {
        const value = compile(node.value);
        const items = node.list.map((item) => compareWith(value, compile(item), item));
        return { type: 'boolean', evaluate: guarded(node, (row) => {
          const left = single(value.evaluate(row));
          if (left === null) return null;
          let sawNull = false;
          for (const item of items) {
            const right = item.evaluate(row);
            if (isMulti(right)) throw new EvaluationError(multiValued);
            if (right === null) sawNull = true;
            else if (item.compare(left, right) === 0) return !node.negated;
          }
          return sawNull ? null : node.negated;
        }) };
      }
      case 'is-null': {
        const value = compile(node.value);
        return { type: 'boolean', evaluate: (row) => (value.evaluate(row) === null) !== node.negated };
      }
      case 'like': {
        const value = compile(node.value);
        const tests = node.patterns.map((pattern) => (node.operator === 'like' ? likeTest(pattern.value as string) : rlikeTest(pattern.value as string, pattern.offset)));
        return { type: 'boolean', evaluate: guarded(node, (row) => {
          const text = single(value.evaluate(row));
          if (text === null) return null;
          const matched = tests.some((test) => test(String(text)));
          return node.negated ? !matched : matched;
        }) };
      }
      case 'match':
        return compileFullText(node, scope, context.fieldTypes ?? new Map(), context.now);
      case 'function':
        return call(node);
    }
  };

  /** Comparison of a value with another: numbers numerically, string constants cast to the other side's type. */
  const compareWith = (left: Compiled, right: Compiled, rightNode: Expression): Compiled & { compare: (a: Scalar, b: Scalar) => number } => {
    let evaluate = right.evaluate;
    if (rightNode.kind === 'literal' && rightNode.type === 'string' && !isString(left.type)) {
      const failure = castFailure(rightNode.value as string, left.type);
      if (failure) throw new NotReplayableError(`Cannot convert string [${rightNode.value as string}] to [${left.type.toUpperCase()}], error [${failure}]`, rightNode.offset);
      const converted = isDatetime(left.type) ? Date.parse(rightNode.value as string) : isNumeric(left.type) ? Number(rightNode.value) : left.type === 'boolean' ? (rightNode.value as string).toLowerCase() === 'true' : (rightNode.value as string);
      evaluate = () => converted;
    }
    const key = orderKey(left.type);
    const compare = key ? (a: Scalar, b: Scalar) => compareScalars(key(a), key(b)) : compareScalars;
    return { type: right.type, evaluate, compare };
  };

  /**
   * Elasticsearch's optimizer (CombineDisjunctions) turns `x == a OR x == b …` over one field into
   * `x IN (a, b …)` whose source is the field: the same answer, but a multi-value warns as
   * `evaluation of [x] failed`. Undefined when `node` is not such a disjunction.
   */
  const disjunctionAsIn = (node: Expression & { kind: 'binary' }): Compiled | undefined => {
    const leaves: Expression[] = [];
    const flatten = (part: Expression): void => {
      if (part.kind === 'binary' && part.operator === 'or') {
        flatten(part.left);
        flatten(part.right);
      } else leaves.push(part);
    };
    flatten(node);
    const pairs = leaves.map((leaf) => {
      if (leaf.kind !== 'binary' || leaf.operator !== '==') return undefined;
      if (leaf.left.kind === 'column' && leaf.right.kind === 'literal') return { column: leaf.left, literal: leaf.right };
      if (leaf.right.kind === 'column' && leaf.left.kind === 'literal') return { column: leaf.right, literal: leaf.left };
      return undefined;
    });
    const first = pairs[0];
    if (first === undefined || pairs.some((pair) => pair === undefined || pair.column.name !== first.column.name || pair.literal.type === 'null')) return undefined;
    const value = compile(first.column);
    const items = (pairs as NonNullable<(typeof pairs)[number]>[]).map((pair) => compareWith(value, compile(pair.literal), pair.literal));
    return { type: 'boolean', evaluate: guarded(first.column, (row) => {
      const left = single(value.evaluate(row));
      if (left === null) return null;
      return items.some((item) => item.compare(left, item.evaluate(row) as Scalar) === 0);
    }) };
  };

  const binary = (node: Expression & { kind: 'binary' }): Compiled => {
    if (node.operator === 'or') {
      const asIn = disjunctionAsIn(node);
      if (asIn) return asIn;
    }
    const left = compile(node.left);
    if (node.operator === 'and' || node.operator === 'or') {
      const right = compile(node.right);
      const isAnd = node.operator === 'and';
      return { type: 'boolean', evaluate: guarded(node, (row) => {
        const a = single(left.evaluate(row));
        if (isAnd && a === false) return false;
        if (!isAnd && a === true) return true;
        const b = single(right.evaluate(row));
        if (isAnd) return b === false ? false : a === null || b === null ? null : true;
        return b === true ? true : a === null || b === null ? null : false;
      }) };
    }
    if (['==', '!=', '<', '<=', '>', '>=', '=~'].includes(node.operator)) {
      let leftSide = left;
      let right = compareWith(left, compile(node.right), node.right);
      // A string constant on the left is cast to the right side's type.
      if (node.left.kind === 'literal' && node.left.type === 'string') {
        const rightPlain = compile(node.right);
        const swapped = compareWith(rightPlain, left, node.left);
        leftSide = swapped;
        right = { ...rightPlain, compare: swapped.compare };
      }
      const operator = node.operator;
      const caseInsensitive = operator === '=~';
      return { type: 'boolean', evaluate: guarded(node, (row) => {
        const a = single(leftSide.evaluate(row));
        const b = single(right.evaluate(row));
        if (a === null || b === null) return null;
        const order = caseInsensitive ? compareScalars(String(a).toLowerCase(), String(b).toLowerCase()) : right.compare(a, b);
        switch (operator) {
          case '==':
          case '=~':
            return order === 0;
          case '!=':
            return order !== 0;
          case '<':
            return order < 0;
          case '<=':
            return order <= 0;
          case '>':
            return order > 0;
          default:
            return order >= 0;
        }
      }) };
    }
    let right = compile(node.right);
    // A string constant added to or taken from a time span is a date (implicit casting, 8.15+).
    if (isSpan(left.type) && isStringLiteral(node.right)) right = dateConstant(node.right);
    if (isSpan(right.type) && isStringLiteral(node.left)) return arithmetic(node, dateConstant(node.left), right);
    return arithmetic(node, left, right);
  };

  const arithmetic = (node: Expression & { kind: 'binary' }, left: Compiled, right: Compiled): Compiled => {
    const operator = node.operator;
    // Date arithmetic with a null constant is a null date (8.13+).
    if ((isDatetime(left.type) && right.type === 'null') || (left.type === 'null' && isDatetime(right.type))) {
      return { type: isDatetime(left.type) ? left.type : right.type, evaluate: () => null };
    }
    if ((isSpan(left.type) && right.type === 'null') || (left.type === 'null' && isSpan(right.type))) {
      return { type: isSpan(left.type) ? left.type : right.type, evaluate: () => null };
    }
    if ((isDatetime(left.type) && isSpan(right.type)) || (isSpan(left.type) && isDatetime(right.type) && operator === '+')) {
      const [date, span] = isDatetime(left.type) ? [left, right] : [right, left];
      return { type: date.type, evaluate: guarded(node, (row) => {
        const d = single(date.evaluate(row));
        const s = single(span.evaluate(row));
        if (d === null || s === null) return null;
        return addSpans(d as number, String(s), operator === '-' ? -1 : 1);
      }) };
    }
    if (isSpan(left.type) && isSpan(right.type) && left.type === right.type && (operator === '+' || operator === '-')) {
      // Spans add up (Period.plus, Duration.plus); a sum is kept as its parts, `a;b`.
      return { type: left.type, evaluate: guarded(node, (row) => {
        const a = single(left.evaluate(row));
        const b = single(right.evaluate(row));
        if (a === null || b === null) return null;
        const other = operator === '+' ? String(b) : String(b).split(';').map((part) => {
          const span = decodeSpan(part);
          return encodeSpan({ ...span, amount: -span.amount });
        }).join(';');
        return `${String(a)};${other}`;
      }) };
    }
    if (!isNumeric(left.type) && left.type !== 'null' && left.type !== 'unknown') {
      throw new NotReplayableError(`[${operator}] has arguments with incompatible types [${left.type}] and [${right.type}]`, node.offset);
    }
    const type = isNumeric(left.type) && isNumeric(right.type) ? widest(left.type, right.type) : isNumeric(left.type) ? left.type : right.type;
    const whole = type !== 'double';
    return { type, evaluate: guarded(node, (row) => {
      const a = single(left.evaluate(row));
      const b = single(right.evaluate(row));
      if (a === null || b === null) return null;
      const x = a as number;
      const y = b as number;
      switch (operator) {
        case '+':
        case '-':
        case '*':
          return whole ? exactArithmetic(operator, x, y, type) : operator === '+' ? x + y : operator === '-' ? x - y : x * y;
        case '/':
          if (y === 0) throw new EvaluationError('java.lang.ArithmeticException: / by zero');
          return whole ? checkedInteger(Math.trunc(x / y), type) : x / y;
        default:
          if (y === 0) throw new EvaluationError('java.lang.ArithmeticException: / by zero');
          return x % y;
      }
    }) };
  };

  const call = (node: FunctionCall): Compiled => {
    if (fullTextFunctions.has(node.name)) return compileFullText(node, scope, context.fieldTypes ?? new Map(), context.now);
    const name = canonicalFunction(node.name);
    const signature = functions.get(name);
    const implementation = scalarFunctions.get(name);
    if (!signature || signature.aggregate) {
      throw new NotReplayableError(`function [${node.written}] is not supported by the embedded ES|QL engine here`, node.offset);
    }
    if (!implementation) throw new NotReplayableError(`function [${node.written}] is not supported by the embedded ES|QL engine`, node.offset);
    // A string constant where a datetime is expected is cast to a date (implicit casting).
    const args = node.args.map((arg, index) => {
      const accepts = signature.parameters[index]?.accepts;
      if (accepts === 'datetime' && isStringLiteral(arg)) return dateConstant(arg);
      // …and a string constant where a number is expected is a double (ABS("10.0")).
      if (accepts === 'numeric' && isStringLiteral(arg)) return numberConstant(arg);
      return compile(arg);
    });
    const types = args.map((arg) => arg.type);
    const callContext = { types, now: context.now };
    const type = returnType(signature, types);
    if (node.name === 'case') {
      // CASE evaluates only the branches it needs; a multi-valued condition counts as false, with a warning.
      return { type, evaluate: (row) => {
        for (let i = 0; i + 1 < args.length; i += 2) {
          const condition = (args[i] as Compiled).evaluate(row);
          if (isMulti(condition)) {
            context.warnings.add(node, multiValued, 'false');
            continue;
          }
          if (condition === true) return (args[i + 1] as Compiled).evaluate(row);
        }
        return args.length % 2 === 1 ? (args[args.length - 1] as Compiled).evaluate(row) : null;
      } };
    }
    return { type, evaluate: guarded(node, (row) => implementation(args.map((arg) => arg.evaluate(row)), callContext)) };
  };

  return compile(expression);
}

/**
 * A literal's type as Elasticsearch's parser gives it: a whole number is an integer when it fits 32
 * bits, a long when it fits 64, an unsigned_long up to 2^64-1, else a double; read from its text,
 * since a JavaScript number cannot tell 2^63-1 from 2^63.
 */
export function typeOfLiteral(node: Literal): EsqlType | undefined {
  if (node.type === 'integer' && typeof node.text === 'string') {
    let value: bigint | undefined;
    try {
      value = BigInt(node.text.replace(/\s+/g, ''));
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      if (value >= -(2n ** 31n) && value < 2n ** 31n) return 'integer';
      if (value >= -(2n ** 63n) && value < 2n ** 63n) return 'long';
      return value >= 0n && value < 2n ** 64n ? 'unsigned_long' : 'double';
    }
  }
  return literalType(node);
}

/** Adds a span, or a sum of spans, to a date: calendar parts (years, months) first, as Period does, then days, then time. */
function addSpans(millis: number, encoded: string, sign: 1 | -1): number {
  const rank = (span: ReturnType<typeof decodeSpan>): number => (span.unit === 'ms' ? 2 : span.unit === 'day' || span.unit === 'week' ? 1 : 0);
  const spans = encoded.split(';').map((part) => decodeSpan(part)).sort((a, b) => rank(a) - rank(b));
  return spans.reduce((date, span) => addSpan(date, span, sign), millis);
}

/**
 * Whole-number + - * with Java's exact arithmetic (Math.addExact and friends): overflow is an error.
 * Longs travel as JavaScript numbers, so near ±2^63 a value is taken as the nearest long (2^63 is
 * Long.MAX_VALUE, which rounds to it) and the result is computed exactly before it is rounded back.
 */
export function exactArithmetic(operator: string, x: number, y: number, type: EsqlType): number {
  const fast = operator === '+' ? x + y : operator === '-' ? x - y : x * y;
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isSafeInteger(fast)) return checkedInteger(fast, type);
  if (type !== 'long' && type !== 'unsigned_long') return checkedInteger(fast, type);
  const [low, high] = type === 'long' ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
  const exact = (value: number): bigint => {
    const big = BigInt(Math.trunc(value));
    return big > high ? high : big < low ? low : big;
  };
  const a = exact(x);
  const b = exact(y);
  const result = operator === '+' ? a + b : operator === '-' ? a - b : a * b;
  if (result < low || result > high) throw new EvaluationError(`java.lang.ArithmeticException: ${type === 'long' ? 'long' : 'unsigned_long'} overflow`);
  return Number(result);
}

function checkedInteger(value: number, type: EsqlType): number {
  if (type === 'integer' && (value > 2147483647 || value < -2147483648)) throw new EvaluationError('java.lang.ArithmeticException: integer overflow');
  if (type === 'unsigned_long' && (value >= 2 ** 64 || value < 0)) throw new EvaluationError('java.lang.ArithmeticException: unsigned_long overflow');
  if (type === 'long' && !Number.isSafeInteger(value) && Math.abs(value) >= 2 ** 63) {
    throw new EvaluationError('java.lang.ArithmeticException: long overflow');
  }
  return value;
}

/** LIKE: `*` any run, `?` one character, `\` escapes the next (WildcardPattern.java). */
function likeTest(pattern: string): (value: string) => boolean {
  if (!pattern.includes('\\')) return compileWildcard(pattern, false);
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) regex += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') regex += '[\\s\\S]*';
    else if (c === '?') regex += '[\\s\\S]';
    else regex += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const compiled = new RegExp(`^${regex}$`, 'u');
  return (value) => compiled.test(value);
}

/** RLIKE: a Lucene regular expression over the whole value (RLikePattern.java). */
function rlikeTest(pattern: string, offset: number): (value: string) => boolean {
  try {
    return compileLuceneRegex(pattern, false);
  } catch (error) {
    throw new NotReplayableError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`, offset);
  }
}

function conversionFunction(type: EsqlType): string | undefined {
  switch (type) {
    case 'integer':
      return 'to_integer';
    case 'long':
      return 'to_long';
    case 'double':
      return 'to_double';
    case 'keyword':
    case 'text':
      return 'to_string';
    case 'boolean':
      return 'to_boolean';
    case 'date':
      return 'to_datetime';
    case 'ip':
      return 'to_ip';
    case 'version':
      return 'to_version';
    default:
      return undefined;
  }
}

