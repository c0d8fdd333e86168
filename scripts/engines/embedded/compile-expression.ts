// Compiles EQL expressions into closures over an event's _source, once per query, so evaluating
// an event walks no syntax tree.
//
// Semantics (Elasticsearch 8.x/9.x EQL):
// - Three-valued logic: a comparison with a null operand is null, `not null` is null, `null and
//   false` is false, `null or true` is true; only a true condition selects an event.
// - `x == null` and `x != null` (null written literally) test whether x is null, as Elasticsearch
//   rewrites them to IsNull / IsNotNull.
// - Multi-valued fields: a condition on a field holds when any of its values satisfies it; a negation
//   (`not`, `!=`, `not in`) holds when none does, like a term query under bool must_not.
// - Functions and arithmetic over multi-valued fields apply to each value in turn (every
//   combination when several operands are multi-valued, each use of a field on its own), and the
//   enclosing condition holds when any combination satisfies it: `startsWith(process.args, "-enc")`
//   is true when any argument starts with "-enc". This is what Elasticsearch 8.x does: it turns
//   such conditions into prefix/wildcard/terms queries or into scripts rewritten to run over every
//   combination of doc values (QueryTranslator + Scripts.multiValueDocValuesRewrite).
import type { Expr, EventFilter, FunctionCall, Match, InList, Comparison, Span } from '../../eql/ast.js';
import type { FieldMapping, FieldTypes } from '../types.js';
import { CidrError, inCidr, ipBytes, parseCidr } from './cidr.js';
import { dateFormat } from '../../eql/date-format.js';
import { compileField, dateFormatOf, FieldError, type CompiledField } from './field-access.js';
import { isDateType } from './field-types.js';
import { arithmetic, functions } from './functions.js';
import { compileLuceneRegex, RegexError } from './lucene-regex.js';
import { isMulti, mapBinary, mapUnary, truth, type Scalar, type Value } from './values.js';
import { compareVersions, LiteralTypeError, literalFor } from '../../eql/typed-literal.js';
import { compileWildcard } from './wildcard.js';

/**
 * A query the engine cannot run: carries the position of the offending expression, and whether
 * Elasticsearch would run it (`engineLimitation`) or reject it too.
 */
export class EqlCompileError extends Error {
  constructor(
    message: string,
    readonly span?: Span,
    readonly engineLimitation = false,
  ) {
    super(message);
  }
}

export type Source = Record<string, unknown>;
export type Evaluator = (source: Source) => Value;

interface Compiled {
  readonly evaluate: Evaluator;
  /** Statically floating point (a decimal literal, a double field, or arithmetic over one). */
  readonly floating: boolean;
  /** For a field: its mapping, which types the constants it is compared with. */
  readonly mapping?: FieldMapping;
}

export interface CompileContext {
  readonly fieldTypes?: FieldTypes;
}

function fail(message: string, node: { span: Span }, engineLimitation = false): never {
  throw new EqlCompileError(message, node.span, engineLimitation);
}

function looseEquals(l: Scalar, r: Scalar): boolean {
  if (l === r) return true;
  // A keyword value compared with a number (or a number with a numeric string) compares as text,
  // as Elasticsearch converts the literal to the field's type.
  if (typeof l === 'string' && (typeof r === 'number' || typeof r === 'boolean')) return l === String(r);
  if (typeof r === 'string' && (typeof l === 'number' || typeof l === 'boolean')) return r === String(l);
  return false;
}

function order(l: Scalar, r: Scalar): number | null {
  if (typeof l === 'number' && typeof r === 'number') return l - r;
  if (typeof l === 'string' && typeof r === 'string') return l < r ? -1 : l > r ? 1 : 0;
  if (typeof l === 'boolean' && typeof r === 'boolean') return Number(l) - Number(r);
  return null;
}

const orderTests: Record<'<' | '<=' | '>' | '>=', (n: number) => boolean> = {
  '<': (n) => n < 0,
  '<=': (n) => n <= 0,
  '>': (n) => n > 0,
  '>=': (n) => n >= 0,
};

const isNullLiteral = (expr: Expr, types: FieldTypes | undefined): boolean =>
  (expr.kind === 'literal' && expr.value === null) || (expr.kind === 'field' && expr.optional && types !== undefined && !isMapped(expr.name, types));

/** Applies f to every combination of argument values; single-valued arguments take the fast path. */
function mapArguments(values: readonly Value[], f: (args: readonly Scalar[]) => Scalar): Value {
  if (!values.some(isMulti)) return f(values as readonly Scalar[]);
  let combinations: Scalar[][] = [[]];
  for (const value of values) {
    const options = isMulti(value) ? value : [value];
    combinations = combinations.flatMap((prefix) => options.map((option) => [...prefix, option]));
  }
  return combinations.map(f);
}

/** Whether the mapping declares `name`, as a field, an object holding fields, or a text field's sub-field. */
function isMapped(name: string, types: FieldTypes): boolean {
  if (types.has(name)) return true;
  const prefix = `${name}.`;
  for (const field of types.keys()) if (field.startsWith(prefix)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && types.get(name.slice(0, dot))?.keywordSubField?.name === name.slice(dot + 1);
}

const isBooleanOperator = (expr: Expr): boolean => expr.kind === 'logical' || expr.kind === 'not';

/** A field Elasticsearch reads from the index (not an optional field the mapping lacks, which is null). */
const isIndexedField = (expr: Expr, types: FieldTypes | undefined): boolean =>
  expr.kind === 'field' && !(expr.optional && types !== undefined && !isMapped(expr.name, types));

const isConstant = (expr: Expr): boolean => expr.kind === 'literal';

/** Functions Elasticsearch EQL turns into a query when their first argument is a field and the rest constants. */
const queryFunctions: ReadonlySet<string> = new Set(['startsWith', 'endsWith', 'stringContains', 'cidrMatch']);

/**
 * Whether Elasticsearch translates this leaf condition to a query rather than a script: a field
 * against constants (the optimizer moves the literal to the right), `:`/like/regex on a field, and
 * string-prefix/suffix/contains and cidrMatch calls on a field.
 */
function translatesToQuery(expr: Expr, types: FieldTypes | undefined): boolean {
  switch (expr.kind) {
    case 'comparison':
      return (isIndexedField(expr.left, types) && isConstant(expr.right)) || (isConstant(expr.left) && isIndexedField(expr.right, types));
    case 'in':
      return isIndexedField(expr.left, types) && expr.values.every(isConstant);
    case 'match':
      return isIndexedField(expr.left, types);
    case 'call':
      return queryFunctions.has(expr.name) && expr.args[0] !== undefined && isIndexedField(expr.args[0], types) && expr.args.slice(1).every(isConstant);
    default:
      return false;
  }
}

function not(value: boolean | null): boolean | null {
  return value === null ? null : !value;
}

export class ExpressionCompiler {
  constructor(private readonly context: CompileContext) {}

  /** A condition: true, false, or null (unknown). */
  condition(expr: Expr): (source: Source) => boolean | null {
    const { evaluate } = this.compile(expr);
    return (source) => truth(evaluate(source));
  }

  /** A value (for sequence and sample keys). */
  value(expr: Expr): Evaluator {
    return this.compile(expr).evaluate;
  }

  /** A join key: its value, and how Elasticsearch prints one of its values in `join_keys`. */
  key(expr: Expr): { read: Evaluator; show: (value: Scalar) => unknown } {
    const { evaluate, mapping } = this.compile(expr);
    // Elasticsearch prints a date key in the field's (first) format, as the fields API does.
    if (mapping !== undefined && isDateType(mapping.type)) {
      const format = dateFormat(dateFormatOf(mapping));
      return { read: evaluate, show: (value) => (typeof value === 'number' ? format.print(value) : value) };
    }
    return { read: evaluate, show: (value) => value };
  }

  /** Whether the event belongs to `filter`'s category and satisfies its condition. */
  filter(filter: EventFilter, categoryField: string): (source: Source) => boolean {
    const condition = this.query(filter.condition);
    if (filter.category === null) return condition;
    const category = filter.category;
    const readCategory = this.field(categoryField, categoryField.split('.'), filter).read;
    return (source) => {
      const value = readCategory(source);
      const inCategory = isMulti(value) ? value.includes(category) : value === category;
      return inCategory && condition(source);
    };
  }

  /**
   * A filter condition as Elasticsearch runs it: translated to a query where it can be
   * (QueryTranslator: term, terms, range, wildcard, regexp, exists; `and`/`or` to a bool query, `not`
   * to must_not), else to a script. A query is two-valued: must_not of a term query matches documents
   * without the field, so `x != "a"`, `x not in (…)` and `not x == "a"` select an event without `x`.
   * A script leaf is three-valued and selects only when true: `not length(x) == 3` and `x != y` do
   * not select an event without `x` (a `not` over a script becomes a script itself).
   */
  private query(expr: Expr): (source: Source) => boolean {
    const types = this.context.fieldTypes;
    if (expr.kind === 'logical') {
      const left = this.query(expr.left);
      const right = this.query(expr.right);
      return expr.op === 'and' ? (s) => left(s) && right(s) : (s) => left(s) || right(s);
    }
    if (expr.kind === 'not' && (isBooleanOperator(expr.operand) || translatesToQuery(expr.operand, types))) {
      const operand = this.query(expr.operand);
      return (s) => !operand(s);
    }
    const condition = this.condition(expr);
    const negativeQuery = translatesToQuery(expr, types) && ((expr.kind === 'comparison' && expr.op === '!=') || (expr.kind === 'in' && expr.negated));
    return negativeQuery ? (s) => condition(s) !== false : (s) => condition(s) === true;
  }

  private field(name: string, path: readonly (string | number)[], node: { span: Span }): CompiledField {
    try {
      return compileField(name, path, this.context.fieldTypes);
    } catch (error) {
      if (error instanceof FieldError) fail(error.message, node);
      throw error;
    }
  }

  compile(expr: Expr): Compiled {
    switch (expr.kind) {
      case 'literal': {
        const value = expr.value;
        return { evaluate: () => value, floating: expr.numberType === 'double' };
      }
      case 'field': {
        // An optional field (`?x`) the mapping does not know is null, as Elasticsearch resolves it.
        if (expr.optional && this.context.fieldTypes && !isMapped(expr.name, this.context.fieldTypes)) {
          return { evaluate: () => null, floating: false };
        }
        const field = this.field(expr.name, expr.path, expr);
        return { evaluate: field.read, floating: field.numericKind === 'double', ...(field.mapping ? { mapping: field.mapping } : {}) };
      }
      case 'not': {
        const operand = this.condition(expr.operand);
        return { evaluate: (s) => not(operand(s)), floating: false };
      }
      case 'logical': {
        const left = this.condition(expr.left);
        const right = this.condition(expr.right);
        const evaluate: Evaluator =
          expr.op === 'and'
            ? (s) => {
                const l = left(s);
                if (l === false) return false;
                const r = right(s);
                if (r === false) return false;
                return l === null || r === null ? null : true;
              }
            : (s) => {
                const l = left(s);
                if (l === true) return true;
                const r = right(s);
                if (r === true) return true;
                return l === null || r === null ? null : false;
              };
        return { evaluate, floating: false };
      }
      case 'comparison':
        return { evaluate: this.comparison(expr), floating: false };
      case 'match':
        return { evaluate: this.match(expr), floating: false };
      case 'in':
        return { evaluate: this.inList(expr), floating: false };
      case 'arithmetic': {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        const op = expr.op;
        const lf = left.floating;
        const rf = right.floating;
        return {
          evaluate: (s) => mapBinary(left.evaluate(s), right.evaluate(s), (l, r) => arithmetic(op, l, r, lf, rf)),
          floating: lf || rf,
        };
      }
      case 'negate': {
        const operand = this.compile(expr.operand);
        return {
          evaluate: (s) => mapUnary(operand.evaluate(s), (v) => (typeof v === 'number' ? -v : null)),
          floating: operand.floating,
        };
      }
      case 'call':
        return this.call(expr);
    }
  }

  private comparison(expr: Comparison): Evaluator {
    const { op } = expr;
    const types = this.context.fieldTypes;
    if ((op === '==' || op === '!=') && (isNullLiteral(expr.left, types) || isNullLiteral(expr.right, types))) {
      const other = this.value(isNullLiteral(expr.left, types) ? expr.right : expr.left);
      return op === '==' ? (s) => other(s) === null : (s) => other(s) !== null;
    }
    const leftCompiled = this.compile(expr.left);
    const rightCompiled = this.compile(expr.right);
    const mapping = leftCompiled.mapping ?? rightCompiled.mapping;
    const left = this.typedConstant(expr.left, rightCompiled.mapping) ?? leftCompiled.evaluate;
    const right = this.typedConstant(expr.right, leftCompiled.mapping) ?? rightCompiled.evaluate;
    if (op === '==' || op === '!=') {
      const negate = op === '!=';
      return (s) => {
        const l = left(s);
        const r = right(s);
        if (l === null || r === null) return null;
        const equal = !isMulti(l) && !isMulti(r) ? looseEquals(l, r) : truth(mapBinary(l, r, looseEquals));
        return negate ? !equal : equal;
      };
    }
    const test = orderTests[op];
    const versions = mapping?.type === 'version';
    const compare = (l: Scalar, r: Scalar): Scalar => {
      if (l === null || r === null) return null;
      const n = versions && typeof l === 'string' && typeof r === 'string' ? compareVersions(l, r) : order(l, r);
      return n === null ? null : test(n);
    };
    return (s) => {
      const l = left(s);
      const r = right(s);
      if (l === null || r === null) return null;
      return !isMulti(l) && !isMulti(r) ? compare(l, r) : truth(mapBinary(l, r, compare));
    };
  }

  /** The patterns as text; a literal null pattern (`x : null`) is left out and reported apart. */
  private literalPatterns(expr: Match): { texts: string[]; matchesNull: boolean } {
    const texts: string[] = [];
    let matchesNull = false;
    for (const pattern of expr.patterns) {
      if (pattern.kind !== 'literal') fail(`the pattern of "${expr.op}" must be a constant`, pattern);
      if (pattern.value === null) matchesNull = true;
      else texts.push(String(pattern.value));
    }
    return { texts, matchesNull };
  }

  private match(expr: Match): Evaluator {
    const left = this.value(expr.left);
    const { texts, matchesNull } = this.literalPatterns(expr);
    let tests: ((value: string) => boolean)[];
    try {
      tests = texts.map((pattern) =>
        expr.op === 'regex' ? compileLuceneRegex(pattern, expr.caseInsensitive) : compileWildcard(pattern, expr.caseInsensitive),
      );
    } catch (error) {
      if (error instanceof RegexError) fail(error.message, expr, error.unsupported);
      throw error;
    }
    const test = tests.length === 1 ? (tests[0] as (value: string) => boolean) : (value: string) => tests.some((t) => t(value));
    const one = (v: Scalar): boolean | null => (v === null ? null : test(typeof v === 'string' ? v : String(v)));
    return (s) => {
      const value = left(s);
      // `x : null` tests for a missing value, as `x == null` does.
      if (value === null) return matchesNull ? true : null;
      if (!isMulti(value)) return one(value);
      return truth(value.map(one));
    };
  }

  /** A constant compared with a mapped field, converted as the field's mapper converts it (undefined otherwise). */
  private typedConstant(expr: Expr, mapping: FieldMapping | undefined): Evaluator | undefined {
    if (expr.kind !== 'literal' || mapping === undefined) return undefined;
    try {
      const value = literalFor(mapping.type, isDateType(mapping.type) ? dateFormatOf(mapping) : undefined, expr.value);
      return () => value;
    } catch (error) {
      if (error instanceof LiteralTypeError) fail(error.message, expr);
      throw error;
    }
  }

  /** A literal list value converted to the field's type, as a literal again. */
  private typedLiteral(expr: Expr, mapping: FieldMapping): Expr {
    const typed = this.typedConstant(expr, mapping);
    return typed === undefined ? expr : { ...expr, value: typed({}) } as Expr;
  }

  private inList(expr: InList): Evaluator {
    const leftCompiled = this.compile(expr.left);
    const left = leftCompiled.evaluate;
    const { mapping } = leftCompiled;
    if (mapping !== undefined) expr = { ...expr, values: expr.values.map((v) => this.typedLiteral(v, mapping)) };
    const fold = expr.caseInsensitive ? (v: string) => v.toLowerCase() : (v: string) => v;
    const negate = expr.negated;
    let contains: (v: Scalar, s: Source) => boolean;
    if (expr.values.every((v) => v.kind === 'literal')) {
      const set = new Set<Scalar>();
      for (const v of expr.values) {
        const value = (v as { value: Scalar }).value;
        set.add(typeof value === 'string' ? fold(value) : value);
        if (typeof value === 'number' || typeof value === 'boolean') set.add(String(value));
      }
      contains = (v) => set.has(typeof v === 'string' ? fold(v) : v) || (typeof v !== 'string' && set.has(String(v)));
    } else {
      const values = expr.values.map((v) => this.value(v));
      contains = (v, s) =>
        values.some((evaluate) => {
          const candidate = evaluate(s);
          const options = isMulti(candidate) ? candidate : [candidate];
          return options.some(
            (option) => option !== null && (typeof v === 'string' && typeof option === 'string' ? fold(v) === fold(option) : looseEquals(v, option)),
          );
        });
    }
    return (s) => {
      const value = left(s);
      if (value === null) return null;
      const found = isMulti(value) ? value.some((v) => v !== null && contains(v, s)) : contains(value, s);
      return negate ? !found : found;
    };
  }

  private call(expr: FunctionCall): Compiled {
    const args = expr.args.map((arg) => this.compile(arg));
    const evaluators = args.map((arg) => arg.evaluate);
    if (expr.name === 'cidrMatch') return { evaluate: this.cidrMatch(expr, evaluators), floating: false };
    const definition = functions[expr.name];
    if (args.length < definition.min || args.length > definition.max) {
      const expected = definition.max === Infinity ? `at least ${definition.min}` : definition.min === definition.max ? `${definition.min}` : `${definition.min} to ${definition.max}`;
      fail(`${expr.name}() takes ${expected} arguments, got ${args.length}`, expr);
    }
    const context = { caseInsensitive: expr.caseInsensitive, floating: args.map((arg) => arg.floating) };
    const impl = definition.impl;
    const floating = ['add', 'subtract', 'multiply', 'divide', 'modulo'].includes(expr.name) && args.some((a) => a.floating);
    if (evaluators.length === 1) {
      const only = evaluators[0] as Evaluator;
      return { evaluate: (s) => mapUnary(only(s), (v) => impl([v], context)), floating };
    }
    return { evaluate: (s) => mapArguments(evaluators.map((e) => e(s)), (values) => impl(values, context)), floating };
  }

  private cidrMatch(expr: FunctionCall, evaluators: Evaluator[]): Evaluator {
    if (evaluators.length < 2) fail('cidrMatch() takes an address and at least one CIDR block', expr);
    const blocks = expr.args.slice(1).map((arg) => {
      if (arg.kind !== 'literal' || typeof arg.value !== 'string') fail('cidrMatch() blocks must be string literals', arg);
      try {
        return parseCidr(arg.value);
      } catch (error) {
        if (error instanceof CidrError) fail(error.message, arg);
        throw error;
      }
    });
    const address = evaluators[0] as Evaluator;
    return (s) =>
      mapUnary(address(s), (v) => {
        if (typeof v !== 'string') return null;
        const bytes = ipBytes(v);
        return bytes === null ? null : blocks.some((block) => inCidr(bytes, block));
      });
  }
}
