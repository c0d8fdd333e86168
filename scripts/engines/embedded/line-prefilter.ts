// Decides from the raw text of an NDJSON line, without parsing it, that no filter of the query can
// select the event, so the reader may skip JSON.parse for it. Sound, never guessing: a filter whose
// condition requires `field == "text"` can only select a line that contains "text" as JSON encodes
// it, and JSON has one encoding per string once `\u` and `\/` escapes are ruled out (lines holding
// those are always parsed). Case-insensitive forms (`:`, `like~`) are looked up in the lower-cased
// line, and wildcard patterns by their literal fragments.
import type { EventFilter, Expr } from '../../eql/ast.js';
import type { FieldTypes } from '../types.js';
import { isKeywordType } from './field-types.js';

/** One of these texts must be in the line (in the lower-cased line when `folded`). */
interface AnyOf {
  readonly texts: readonly string[];
  readonly folded: boolean;
}

/** Every AnyOf must hold. Empty: the filter requires nothing. */
type Requirement = AnyOf[];

const encode = (text: string): string => JSON.stringify(text).slice(1, -1);

/** Whether a field's indexed value is text found as written in the line: not a date, number or
 * boolean (parsed), nor a null_value or constant_keyword value (which the line need not hold). */
function writtenInLine(name: string, fieldTypes: FieldTypes | undefined): boolean {
  let mapping = fieldTypes?.get(name);
  if (mapping?.type === 'alias' && mapping.path !== undefined) mapping = fieldTypes?.get(mapping.path);
  if (mapping === undefined) return true;
  if (mapping.nullValue !== undefined || mapping.constantValue !== undefined) return false;
  return mapping.type === 'text' || isKeywordType(mapping.type);
}

function textual(field: Expr, fieldTypes: FieldTypes | undefined): boolean {
  return field.kind === 'field' && writtenInLine(field.name, fieldTypes);
}

// Numeric-looking text may be written differently in JSON (5e2 for 500): never required.
const usable = (value: unknown): value is string => typeof value === 'string' && value !== '' && !/^[-+.\deE]+$/.test(value);

/** The longest literal run of a wildcard pattern: any match of the pattern contains it. */
function longestFragment(pattern: string): string {
  return pattern.split(/[*?]/).reduce((longest, fragment) => (fragment.length > longest.length ? fragment : longest), '');
}

function anyOf(values: readonly unknown[], folded: boolean, fragment: (value: string) => string): AnyOf | undefined {
  const texts: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') return undefined;
    const text = fragment(folded ? value.toLowerCase() : value);
    if (!usable(text)) return undefined;
    texts.push(encode(text));
  }
  return texts.length > 0 ? { texts, folded } : undefined;
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
      if (expr.op === 'and') return [...left, ...right];
      // Either side may hold: the line needs one text of either side's first requirement.
      const [l, r] = [left[0], right[0]];
      if (!l || !r) return [];
      if (l.folded === r.folded) return [{ texts: [...l.texts, ...r.texts], folded: l.folded }];
      return [{ texts: [...l.texts.map((t) => t.toLowerCase()), ...r.texts.map((t) => t.toLowerCase())], folded: true }];
    }
    default:
      return [];
  }
}

export type LineTest = (line: string) => boolean;

const nonAscii = /[^\x00-\x7f]/;

export function compileLinePrefilter(filters: readonly EventFilter[], fieldTypes?: FieldTypes, categoryField = 'event.category'): LineTest {
  const categoryInLine = writtenInLine(categoryField, fieldTypes);
  const perFilter = filters.map((filter) => {
    const requirement = required(filter.condition, fieldTypes);
    if (filter.category !== null && usable(filter.category) && categoryInLine) requirement.push({ texts: [encode(filter.category)], folded: false });
    return requirement;
  });
  if (perFilter.some((requirement) => requirement.length === 0)) return () => true;
  return (line) => {
    // A line that does not even look like one object (a truncated export) is parsed, to be reported.
    if (line.charCodeAt(0) !== 123 /* { */ || line.charCodeAt(line.length - 1) !== 125 /* } */) return true;
    if (line.includes('\\u') || line.includes('\\/')) return true;
    let lower: string | undefined;
    const holds = ({ texts, folded }: AnyOf): boolean => {
      if (folded) {
        // Lower-casing is letter by letter only in ASCII (Greek final sigma depends on context).
        lower ??= nonAscii.test(line) ? '' : line.toLowerCase();
        if (lower === '') return true;
      }
      const haystack = folded ? (lower as string) : line;
      return texts.some((text) => haystack.includes(text));
    };
    return perFilter.some((requirement) => requirement.every(holds));
  };
}
