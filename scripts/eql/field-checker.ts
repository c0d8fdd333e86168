// eql.field: every field a query reads must exist for the rule's index patterns, with a type
// its operator can work on, as Elasticsearch's verifier requires at search time.
import type { Expr, Field, Query } from './ast.js';
import { children, rootExpressions } from './ast-walk.js';
import { keywordFamily, textTypes, type FieldCatalogue } from '../fields/field-catalogue.js';
import { problemAt, type EqlProblem } from './problem.js';

/** What an operand position needs of a field's type. */
type Requirement = 'value' | 'exact' | 'wildcard' | 'ordered' | 'numeric' | 'ip' | 'string';

const numericTypes: ReadonlySet<string> = new Set([
  'long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long',
]);
const dateTypes: ReadonlySet<string> = new Set(['date', 'date_nanos']);
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
        return;
      }
      case 'match':
        this.operand(expr.left, 'wildcard', expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`);
        return;
      case 'in':
        for (const value of [expr.left, ...expr.values]) this.operand(value, 'exact', 'in');
        return;
      case 'arithmetic':
        this.operand(expr.left, 'numeric', expr.op);
        this.operand(expr.right, 'numeric', expr.op);
        return;
      case 'negate':
        this.operand(expr.operand, 'numeric', '-');
        return;
      case 'call':
        expr.args.forEach((arg, index) => this.operand(arg, argumentRequirement(expr.name, index), expr.name));
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
          this.report(field, `No keyword/multi-field defined exact matches for [${field.name}]; define one or use a keyword field`);
        }
        return;
      case 'wildcard':
        if (!isKeyword) {
          this.report(field, `Operator [${op}] needs a keyword, constant_keyword or wildcard field, but ${typed}`, hintForType(type));
        }
        return;
      case 'ordered':
        if (!(isKeyword || numericTypes.has(type) || dateTypes.has(type) || type === 'ip' || type === 'version')) {
          this.report(field, `Operator [${op}] needs a number, date or keyword field, but ${typed}`);
        }
        return;
      case 'numeric':
        if (!numericTypes.has(type)) {
          const what = op.length === 1 ? `Arithmetic [${op}]` : `Function [${op}]`;
          this.report(field, `${what} needs a numeric field, but ${typed}`);
        }
        return;
      case 'ip':
        if (type !== 'ip') this.report(field, `Function [cidrMatch] needs an [ip] field as its first argument, but ${typed}`);
        return;
      case 'string':
        if (!(isKeyword || textTypes.has(type))) this.report(field, `Function [${op}] needs a string field, but ${typed}`);
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

function hintForType(type: string): string | undefined {
  if (type === 'ip') return 'use == for one address or cidrMatch() for a range';
  if (numericTypes.has(type) || type === 'boolean' || dateTypes.has(type)) return 'compare with == or in (…) instead';
  if (textTypes.has(type)) return 'this text field has no keyword sub-field to match against';
  return undefined;
}
