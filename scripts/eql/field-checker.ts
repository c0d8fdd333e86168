// eql.field: every field a query reads must exist for the rule's index patterns. eql.type: with a
// type its operator can work on, and compared with constants its mapper can read, as Elasticsearch
// requires at search time:
// - the verifier's type resolution (x-pack/plugin/ql TypeResolutions.isType, isExact; In.resolveType
//   with DataTypes.areCompatible): `in` lists, arithmetic and function arguments of the wrong type;
// - the query a comparison becomes (QueryTranslator: a term or range query whose value the field's
//   mapper parses, NumberFieldMapper, DateFieldMapper, BooleanFieldMapper, IpFieldMapper): a
//   constant it cannot parse fails the search.
import type { Expr, Field, Literal, Query } from './ast.js';
import { children, rootExpressions } from './ast-walk.js';
import { keywordFamily, textTypes, type FieldCatalogue } from '../fields/field-catalogue.js';
import { problemAt, type EqlProblem } from './problem.js';
import { dateTypes, LiteralTypeError, literalFor, numericTypes } from './typed-literal.js';

/** What an operand position needs of a field's type. */
type Requirement = 'value' | 'exact' | 'wildcard' | 'ordered' | 'numeric' | 'ip' | 'string';

const containerTypes: ReadonlySet<string> = new Set(['object', 'nested']);
const arithmeticFunctions: ReadonlySet<string> = new Set(['add', 'subtract', 'multiply', 'divide', 'modulo']);
/** String functions whose first two arguments are strings. */
const stringPairFunctions: ReadonlySet<string> = new Set(['startsWith', 'endsWith', 'stringContains', 'indexOf', 'between']);
const stringFunctions: ReadonlySet<string> = new Set(['substring', 'length', 'number']);

export function checkFields(query: Query, catalogue: FieldCatalogue, indexPatterns: readonly string[], text: string): EqlProblem[] {
  return new FieldChecker(catalogue, indexPatterns, text).check(query);
}

class FieldChecker {
  private readonly problems: EqlProblem[] = [];
  private readonly reportedUnknown = new Set<string>();

  constructor(
    private readonly catalogue: FieldCatalogue,
    private readonly indexPatterns: readonly string[],
    private readonly text: string,
  ) {}

  check(query: Query): EqlProblem[] {
    for (const root of rootExpressions(query)) this.operand(root, 'value', '');
    return this.problems;
  }

  private report(field: Field, message: string, hint?: string): void {
    this.problems.push(problemAt('eql.field', this.text, field.span, message, hint));
  }

  private reportType(at: Expr, message: string, hint?: string): void {
    this.problems.push(problemAt('eql.type', this.text, at.span, message, hint));
  }

  private source(expr: Expr): string {
    return this.text.slice(expr.span.offset, expr.span.end);
  }

  /** The mapped type of a field expression, when the catalogue knows it. */
  private typeOf(expr: Expr): string | undefined {
    return expr.kind === 'field' ? this.catalogue.lookup(expr.name, this.indexPatterns)?.type : undefined;
  }

  /** A comparison of a field with a constant becomes a term or range query: its mapper must read the constant. */
  private comparedConstant(field: Expr, constant: Expr): void {
    const type = this.typeOf(field);
    if (type === undefined || constant.kind !== 'literal' || constant.value === null) return;
    try {
      literalFor(type, undefined, constant.value);
    } catch (error) {
      if (!(error instanceof LiteralTypeError)) throw error;
      this.reportType(constant, `Field [${(field as Field).name}] is of type [${type}], which cannot be compared with [${this.source(constant)}]: ${error.message}`, `compare it with a ${typeFamily(type)} value`);
    }
  }

  /** `{ordinal} argument of [expr] must be [accepted], found value [v] type [t]`, as TypeResolutions.isType words it. */
  private argumentType(owner: Expr, position: number, value: Expr, accepted: string, accepts: (literal: Literal) => boolean): void {
    if (value.kind !== 'literal' || value.value === null || accepts(value)) return;
    this.reportType(value, `${ordinals[position] ?? `${position + 1}th`} argument of [${this.source(owner)}] must be [${accepted}], found value [${this.source(value)}] type [${literalType(value)}]`);
  }

  /** Checks `expr` in a position that needs `requirement` (of the operator `op`). */
  private operand(expr: Expr, requirement: Requirement, op: string): void {
    if (expr.kind === 'field') {
      this.field(expr, requirement, op);
      return;
    }
    switch (expr.kind) {
      case 'comparison': {
        const need = expr.op === '==' || expr.op === '!=' ? 'exact' : 'ordered';
        this.operand(expr.left, need, expr.op);
        this.operand(expr.right, need, expr.op);
        this.comparedConstant(expr.left, expr.right);
        this.comparedConstant(expr.right, expr.left);
        return;
      }
      case 'match':
        this.operand(expr.left, 'wildcard', expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`);
        return;
      case 'in': {
        for (const value of [expr.left, ...expr.values]) this.operand(value, 'exact', 'in');
        const type = this.typeOf(expr.left);
        if (type !== undefined) {
          expr.values.forEach((value, i) => this.argumentType(expr, i + 1, value, type, (literal) => areCompatible(type, literalType(literal))));
        }
        return;
      }
      case 'arithmetic':
        this.operand(expr.left, 'numeric', expr.op);
        this.operand(expr.right, 'numeric', expr.op);
        this.argumentType(expr, 0, expr.left, 'numeric', isNumberLiteral);
        this.argumentType(expr, 1, expr.right, 'numeric', isNumberLiteral);
        return;
      case 'negate':
        this.operand(expr.operand, 'numeric', '-');
        return;
      case 'call':
        expr.args.forEach((arg, index) => {
          const requirement = argumentRequirement(expr.name, index);
          this.operand(arg, requirement, expr.name);
          if (requirement === 'numeric') this.argumentType(expr, index, arg, 'numeric', isNumberLiteral);
          if (requirement === 'string' || requirement === 'ip' || (expr.name === 'cidrMatch' && index > 0)) {
            this.argumentType(expr, index, arg, 'string', (literal) => typeof literal.value === 'string');
          }
        });
        return;
      default:
        for (const child of children(expr)) this.operand(child, 'value', '');
    }
  }

  private field(field: Field, requirement: Requirement, op: string): void {
    const info = this.catalogue.lookup(field.name, this.indexPatterns);
    if (!info) {
      if (field.optional || this.reportedUnknown.has(field.name)) return;
      this.reportedUnknown.add(field.name);
      const suggestion = this.catalogue.suggest(field.name, this.indexPatterns);
      const where = this.indexPatterns.length > 0 ? ` in [${this.indexPatterns.join(', ')}]` : '';
      // Name the integration package a suggestion comes from, and the packages whose catalogue is missing.
      const owner = suggestion === undefined ? undefined : this.catalogue.lookup(suggestion, this.indexPatterns)?.package;
      const unsynced = this.catalogue.uncataloguedPackages?.(this.indexPatterns) ?? [];
      this.report(
        field,
        `Unknown field [${field.name}]${where}${suggestion ? `, did you mean [${suggestion}]${owner ? ` (package ${owner})` : ''}?` : ''}`,
        `${suggestion ? `correct it to ${suggestion}${owner ? `, a field of package ${owner}` : ''}; if the name is right, ` : ''}declare the field in schemas/fields/*.json if these indices have it, or write ?field to allow it to be missing${
          unsynced.length > 0 ? `; no field catalogue of package ${unsynced.join(', ')} covers these indices: run npm run fields -- sync ${unsynced.join(' ')}` : ''
        }`,
      );
      return;
    }
    const { type } = info;
    if (containerTypes.has(type)) {
      this.report(field, `Field [${field.name}] is an [${type}]: a query can only read its sub-fields`);
      return;
    }
    const exactText = textTypes.has(type) && this.catalogue.hasKeywordSubField(field.name, this.indexPatterns);
    const isKeyword = keywordFamily.has(type) || exactText;
    const typed = `[${field.name}] is of type [${type}]`;
    switch (requirement) {
      case 'value':
        return;
      case 'exact':
        if (textTypes.has(type) && !exactText) {
          this.reportType(field, `No keyword/multi-field defined exact matches for [${field.name}]; define one or use a keyword field`);
        }
        return;
      case 'wildcard':
        if (!isKeyword) {
          this.reportType(field, `Operator [${op}] needs a keyword, constant_keyword or wildcard field, but ${typed}`, hintForType(type));
        }
        return;
      case 'ordered':
        if (!(isKeyword || numericTypes.has(type) || dateTypes.has(type) || type === 'ip' || type === 'version')) {
          this.reportType(field, `Operator [${op}] needs a number, date or keyword field, but ${typed}`);
        }
        return;
      case 'numeric':
        if (!numericTypes.has(type)) {
          const what = op.length === 1 ? `Arithmetic [${op}]` : `Function [${op}]`;
          this.reportType(field, `${what} needs a numeric field, but ${typed}`);
        }
        return;
      case 'ip':
        if (type !== 'ip') this.reportType(field, `Function [cidrMatch] needs an [ip] field as its first argument, but ${typed}`);
        return;
      case 'string':
        if (!(isKeyword || textTypes.has(type))) this.reportType(field, `Function [${op}] needs a string field, but ${typed}`);
        return;
    }
  }
}

function argumentRequirement(name: string, index: number): Requirement {
  if (arithmeticFunctions.has(name)) return 'numeric';
  if (name === 'cidrMatch') return index === 0 ? 'ip' : 'value';
  if (stringPairFunctions.has(name)) return index < 2 ? 'string' : 'value';
  if (stringFunctions.has(name)) return index === 0 ? 'string' : 'value';
  return 'value';
}

const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

const isNumberLiteral = (literal: Literal): boolean => typeof literal.value === 'number';

/** The type Elasticsearch gives a constant: keyword, integer or long, double, boolean. */
function literalType(literal: Literal): string {
  const { value } = literal;
  if (typeof value === 'string') return 'keyword';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    if (literal.numberType === 'double') return 'double';
    return Math.abs(value) <= 2_147_483_647 ? 'integer' : 'long';
  }
  return 'null';
}

function typeFamily(type: string): string {
  if (numericTypes.has(type)) return 'numeric';
  if (keywordFamily.has(type) || textTypes.has(type)) return 'string';
  if (dateTypes.has(type)) return 'date';
  return type;
}

/** DataTypes.areCompatible: the same type, or both numeric, both strings, both dates. */
function areCompatible(fieldType: string, literal: string): boolean {
  if (literal === 'null') return true;
  return typeFamily(fieldType) === typeFamily(literal);
}

function hintForType(type: string): string | undefined {
  if (type === 'ip') return 'use == for one address or cidrMatch() for a range';
  if (numericTypes.has(type) || type === 'boolean' || dateTypes.has(type)) return 'compare with == or in (…) instead';
  if (textTypes.has(type)) return 'this text field has no keyword sub-field to match against';
  return undefined;
}
