// What the raw text of an NDJSON line must hold for a query to select its event, so a reader may
// skip JSON.parse for a line that lacks it. Sound, never guessing: a condition that requires
// `field == "text"` on a field indexed as written can only select a line that contains "text" as
// JSON encodes it, and JSON has one encoding per string once `\u` and `\/` escapes are ruled out
// (lines holding those are always parsed). The EQL, query-DSL and ES|QL prefilters share this.
import { isKeywordType } from './embedded/field-types.js';
import type { FieldTypes } from './types.js';

/** One of these texts must be in the line (in the lower-cased line when `folded`). */
export interface AnyOf {
  readonly texts: readonly string[];
  readonly folded: boolean;
}

/** Every AnyOf must hold. Empty: the condition requires nothing. */
export type Requirement = AnyOf[];

export const encode = (text: string): string => JSON.stringify(text).slice(1, -1);

// Numeric-looking text may be written differently in JSON (5e2 for 500): never required.
export const usable = (value: unknown): value is string => typeof value === 'string' && value !== '' && !/^[-+.\deE]+$/.test(value);

/**
 * Whether a field's indexed value is text found as written in the line: not a date, number or
 * boolean (parsed), nor a null_value or constant_keyword (whose value the line need not hold).
 */
export function writtenInLine(name: string, fieldTypes: FieldTypes | undefined): boolean {
  let mapping = fieldTypes?.get(name);
  if (mapping?.type === 'alias' && mapping.path !== undefined) mapping = fieldTypes?.get(mapping.path);
  if (mapping === undefined) return true;
  // A constant_keyword's value lives in the mapping: a document of the index need not hold it.
  if (mapping.nullValue !== undefined || mapping.type === 'constant_keyword') return false;
  return mapping.type === 'text' || isKeywordType(mapping.type);
}

/** Any of `values` (each through `fragment`) must be in the line; undefined when one cannot be required. */
export function anyOf(values: readonly unknown[], folded: boolean, fragment: (value: string) => string = (value) => value): AnyOf | undefined {
  const texts: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') return undefined;
    const text = fragment(folded ? value.toLowerCase() : value);
    if (!usable(text)) return undefined;
    texts.push(encode(text));
  }
  return texts.length > 0 ? { texts, folded } : undefined;
}

/** The requirement `left OR right`: one text of either side's first requirement. */
export function eitherOf(left: Requirement, right: Requirement): Requirement {
  const [l, r] = [left[0], right[0]];
  if (!l || !r) return [];
  if (l.folded === r.folded) return [{ texts: [...l.texts, ...r.texts], folded: l.folded }];
  return [{ texts: [...l.texts.map((t) => t.toLowerCase()), ...r.texts.map((t) => t.toLowerCase())], folded: true }];
}

export type LineTest = (line: string) => boolean;

const nonAscii = /[^\x00-\x7f]/;

/** A line may match when every AnyOf of one of the alternatives holds; an alternative requiring nothing lets every line through. */
export function lineTest(alternatives: readonly Requirement[]): LineTest {
  if (alternatives.length === 0 || alternatives.some((requirement) => requirement.length === 0)) return () => true;
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
    return alternatives.some((requirement) => requirement.every(holds));
  };
}
