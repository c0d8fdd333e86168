// Decides from the raw text of an NDJSON line, without parsing it, that no filter of the query can
// select the event, so the reader may skip JSON.parse for it. Sound, never guessing: a filter whose
// condition requires `field == "text"` (case-sensitive) can only select a line that contains
// "text" as JSON encodes it, and JSON has one encoding per string once `\u` and `\/` escapes are
// ruled out (lines holding those are always parsed).
import type { EventFilter, Expr } from '../../eql/ast.js';
import type { FieldTypes } from '../types.js';
import { isKeywordType } from './field-types.js';

/** All of these sets must each have one string in the line. */
type Requirement = string[][];

const encode = (text: string): string => JSON.stringify(text).slice(1, -1);

function textual(field: Expr, fieldTypes: FieldTypes | undefined): boolean {
  if (field.kind !== 'field') return false;
  let mapping = fieldTypes?.get(field.name);
  if (mapping?.type === 'alias' && mapping.path !== undefined) mapping = fieldTypes?.get(mapping.path);
  return mapping === undefined || mapping.type === 'text' || isKeywordType(mapping.type);
}

// Numeric-looking text may be written differently in JSON (5e2 for 500): never required.
const usable = (value: unknown): value is string => typeof value === 'string' && value !== '' && !/^[-+.\deE]+$/.test(value);

function required(expr: Expr, fieldTypes: FieldTypes | undefined): Requirement {
  switch (expr.kind) {
    case 'comparison': {
      if (expr.op !== '==') return [];
      const [field, literal] = expr.left.kind === 'literal' ? [expr.right, expr.left] : [expr.left, expr.right];
      if (literal.kind !== 'literal' || !usable(literal.value) || !textual(field, fieldTypes)) return [];
      return [[encode(literal.value)]];
    }
    case 'in': {
      if (expr.negated || expr.caseInsensitive || !textual(expr.left, fieldTypes)) return [];
      const values = expr.values.map((v) => (v.kind === 'literal' ? v.value : null));
      return values.every(usable) ? [values.map(encode)] : [];
    }
    case 'logical': {
      const left = required(expr.left, fieldTypes);
      const right = required(expr.right, fieldTypes);
      if (expr.op === 'and') return [...left, ...right];
      const [l, r] = [left[0], right[0]];
      return l && r ? [[...l, ...r]] : [];
    }
    default:
      return [];
  }
}

export type LineTest = (line: string) => boolean;

export function compileLinePrefilter(filters: readonly EventFilter[], fieldTypes?: FieldTypes): LineTest {
  const perFilter = filters.map((filter) => {
    const requirement = required(filter.condition, fieldTypes);
    if (filter.category !== null && usable(filter.category)) requirement.push([encode(filter.category)]);
    return requirement;
  });
  if (perFilter.some((requirement) => requirement.length === 0)) return () => true;
  return (line) => {
    if (line.includes('\\u') || line.includes('\\/')) return true;
    return perFilter.some((requirement) => requirement.every((anyOf) => anyOf.some((text) => line.includes(text))));
  };
}
