// What a line must hold for a query-DSL query to select its document: the values of the exact
// clauses the query requires (`term`, `terms`, and `match`/`match_phrase` on keyword fields, which
// are exact there) under `bool` must/filter, or a `should` that must match one of its clauses.
// Analysed text fields, ranges and query_string give no requirement.
import { isKeywordType } from '../embedded/field-types.js';
import { anyOf, eitherOf, lineTest, type LineTest, type Requirement } from '../line-requirements.js';
import type { DslQuery, FieldTypes } from '../types.js';

const asList = (clauses: unknown): DslQuery[] => (Array.isArray(clauses) ? clauses : clauses === undefined ? [] : [clauses]) as DslQuery[];

/** A keyword field with no null_value or constant value: its indexed values are the line's own text. */
function exactInLine(field: string, fieldTypes: FieldTypes): boolean {
  const mapping = fieldTypes.get(field);
  // A constant_keyword's value lives in the mapping, not necessarily in the document.
  return mapping !== undefined && isKeywordType(mapping.type) && mapping.type !== 'constant_keyword' && mapping.nullValue === undefined;
}

/** `{ field: value }` or `{ field: { <key>: value } }`: the field and its value, when a single field is named. */
function fieldAndValue(body: unknown, key: string): [string, unknown] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const entries = Object.entries(body);
  if (entries.length !== 1) return undefined;
  const [field, value] = entries[0] as [string, unknown];
  return [field, typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : value];
}

function required(query: DslQuery, fieldTypes: FieldTypes): Requirement {
  const [kind, body] = (Object.entries(query)[0] ?? []) as [string | undefined, unknown];
  switch (kind) {
    case 'bool': {
      const bool = body as Record<string, unknown>;
      const all = [...asList(bool.must), ...asList(bool.filter)].flatMap((clause) => required(clause, fieldTypes));
      const should = asList(bool.should);
      // Without must or filter clauses a should must match once (Elasticsearch's default minimum_should_match).
      const minimum = bool.minimum_should_match ?? (asList(bool.must).length + asList(bool.filter).length === 0 ? 1 : 0);
      if (should.length > 0 && (minimum === 1 || minimum === '1')) {
        const either = should.map((clause) => required(clause, fieldTypes)).reduce((left, right) => eitherOf(left, right));
        return [...all, ...either];
      }
      return all;
    }
    case 'term':
    case 'match':
    case 'match_phrase': {
      const pair = fieldAndValue(body, kind === 'term' ? 'value' : 'query');
      if (!pair || !exactInLine(pair[0], fieldTypes)) return [];
      const one = anyOf([pair[1]], false);
      return one ? [one] : [];
    }
    case 'terms': {
      const pair = fieldAndValue(body, '');
      if (!pair || !Array.isArray(pair[1]) || !exactInLine(pair[0], fieldTypes)) return [];
      const one = anyOf(pair[1], false);
      return one ? [one] : [];
    }
    default:
      return [];
  }
}

/** A test that passes every line whose document the query may select. */
export function compileLinePrefilter(query: DslQuery, fieldTypes: FieldTypes): LineTest {
  return lineTest([required(query, fieldTypes)]);
}
