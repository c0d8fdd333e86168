// Decides from the raw text of an NDJSON line, without parsing it, that no filter of the query can
// select the event, so the reader may skip JSON.parse for it. Sound, never guessing: a filter whose
// condition requires `field == "text"` can only select a line that contains "text" as JSON encodes
// it, and JSON has one encoding per string once `\u` and `\/` escapes are ruled out (lines holding
// those are always parsed). Case-insensitive forms (`:`, `like~`) are looked up in the lower-cased
// line, and wildcard patterns by their literal fragments.
import type { EventFilter, Expr } from '../../eql/ast.js';
import { anyOf, eitherOf, encode, lineTest, usable, writtenInLine, type LineTest, type Requirement } from '../line-requirements.js';
import type { FieldTypes } from '../types.js';

export type { LineTest };

function textual(field: Expr, fieldTypes: FieldTypes | undefined): boolean {
  return field.kind === 'field' && writtenInLine(field.name, fieldTypes);
}

/** The longest literal run of a wildcard pattern: any match of the pattern contains it. */
function longestFragment(pattern: string): string {
  return pattern.split(/[*?]/).reduce((longest, fragment) => (fragment.length > longest.length ? fragment : longest), '');
}

const literalValue = (expr: Expr): unknown => (expr.kind === 'literal' ? expr.value : undefined);

function required(expr: Expr, fieldTypes: FieldTypes | undefined): Requirement {
  switch (expr.kind) {
    case 'comparison': {
      if (expr.op !== '==') return [];
      const [field, literal] = expr.left.kind === 'literal' ? [expr.right, expr.left] : [expr.left, expr.right];
      if (!textual(field, fieldTypes)) return [];
      const one = anyOf([literalValue(literal)], false, (v) => v);
      return one ? [one] : [];
    }
    case 'in': {
      if (expr.negated || !textual(expr.left, fieldTypes)) return [];
      const one = anyOf(expr.values.map(literalValue), expr.caseInsensitive, (v) => v);
      return one ? [one] : [];
    }
    case 'match': {
      if (expr.op === 'regex' || !textual(expr.left, fieldTypes)) return [];
      const one = anyOf(expr.patterns.map(literalValue), expr.caseInsensitive, longestFragment);
      return one ? [one] : [];
    }
    case 'logical': {
      const left = required(expr.left, fieldTypes);
      const right = required(expr.right, fieldTypes);
      return expr.op === 'and' ? [...left, ...right] : eitherOf(left, right);
    }
    default:
      return [];
  }
}

export function compileLinePrefilter(filters: readonly EventFilter[], fieldTypes?: FieldTypes, categoryField = 'event.category'): LineTest {
  const categoryInLine = writtenInLine(categoryField, fieldTypes);
  const perFilter = filters.map((filter) => {
    const requirement = required(filter.condition, fieldTypes);
    if (filter.category !== null && usable(filter.category) && categoryInLine) requirement.push({ texts: [encode(filter.category)], folded: false });
    return requirement;
  });
  return lineTest(perFilter);
}
