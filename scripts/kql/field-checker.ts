// kql.field and kql.type: every field a KQL query reads must exist for the rule's index patterns
// (the EQL catalogue: ECS plus schemas/fields/), and each value must be one Elasticsearch accepts
// for the field's type. The detection engine's query is built without field types (match,
// match_phrase, query_string, range, exists: see to-dsl.ts), so what fails is what Elasticsearch
// rejects at search time: a wildcard (query_string) on a field that is not keyword or text, a
// value a number, ip, boolean or date field cannot parse. A range on a keyword field is fine.
import { isIP } from 'node:net';
import { isLoneWildcard, termText, type Query, type Term, type ValueExpr } from './ast.js';
import type { FieldCatalogue, FieldInfo } from '../fields/field-catalogue.js';
import { kqlProblem, type KqlProblem } from './problem.js';

const numericTypes: ReadonlySet<string> = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);
/** Types a query_string wildcard works on; on any other mapped type Elasticsearch fails the search. */
const wildcardTypes: ReadonlySet<string> = new Set(['keyword', 'constant_keyword', 'wildcard', 'text', 'match_only_text', 'flattened', 'version']);
const containerTypes: ReadonlySet<string> = new Set(['object', 'nested']);
/** Fields every index has, which no catalogue lists. */
const metadataFields: ReadonlySet<string> = new Set(['_id', '_index']);

export function checkKqlFields(query: Query, catalogue: FieldCatalogue, indexPatterns: readonly string[], text: string): KqlProblem[] {
  return new FieldChecker(catalogue, indexPatterns, text).check(query);
}

/** A field the query reads, with the values it is compared to (a range: its bound). */
interface FieldUse {
  readonly field: Term;
  readonly name: string;
  readonly values: readonly Term[];
  readonly range: boolean;
}

/** The leaf values of a value list, `not` included (a negated value is still compared). */
function leafValues(values: ValueExpr): Term[] {
  switch (values.kind) {
    case 'term':
      return [values];
    case 'not':
      return leafValues(values.operand);
    default:
      return values.operands.flatMap(leafValues);
  }
}

/** Every field use of a query, nested paths prefixed as Kibana prefixes them. */
export function fieldUses(query: Query, nestedPath?: string): FieldUse[] {
  const prefix = (field: Term): string => `${nestedPath === undefined ? '' : `${nestedPath}.`}${String(termText(field))}`;
  switch (query.kind) {
    case 'match-all':
      return [];
    case 'or':
    case 'and':
      return query.operands.flatMap((operand) => fieldUses(operand, nestedPath));
    case 'not':
      return fieldUses(query.operand, nestedPath);
    case 'nested':
      return fieldUses(query.query, prefix(query.path));
    case 'match':
      return query.field === null ? [] : [{ field: query.field, name: prefix(query.field), values: leafValues(query.values), range: false }];
    case 'range':
      return [{ field: query.field, name: prefix(query.field), values: [query.value], range: true }];
  }
}

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

function isIpOrCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return isIP(text) !== 0;
  const version = isIP(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  return version !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

class FieldChecker {
  private readonly problems: KqlProblem[] = [];
  private readonly reportedUnknown = new Set<string>();

  constructor(
    private readonly catalogue: FieldCatalogue,
    private readonly indexPatterns: readonly string[],
    private readonly text: string,
  ) {}

  check(query: Query): KqlProblem[] {
    for (const use of fieldUses(query)) this.use(use);
    return this.problems.sort((a, b) => a.offset - b.offset);
  }

  private use({ field, name, values, range }: FieldUse): void {
    // A wildcard field name reads whichever fields match it, and none is an error in Kibana.
    if (field.wildcard || field.value === null || metadataFields.has(name)) return;
    const info = this.catalogue.lookup(name, this.indexPatterns);
    if (!info) {
      this.unknown(field, name);
      return;
    }
    for (const value of values) this.value(field, name, info, value, range);
  }

  private unknown(field: Term, name: string): void {
    if (this.reportedUnknown.has(name)) return;
    this.reportedUnknown.add(name);
    const suggestion = this.catalogue.suggest(name, this.indexPatterns);
    const where = this.indexPatterns.length > 0 ? ` in [${this.indexPatterns.join(', ')}]` : '';
    this.problems.push(
      kqlProblem(
        'kql.field',
        this.text,
        field.span,
        `Unknown field [${name}]${where}${suggestion ? `, did you mean [${suggestion}]?` : ''}`,
        `${suggestion ? `correct it to ${suggestion}; if the name is right, ` : ''}declare the field in schemas/fields/*.json if these indices have it`,
      ),
    );
  }

  private value(field: Term, name: string, { type }: FieldInfo, value: Term, range: boolean): void {
    const typed = `[${name}] is of type [${type}]`;
    const report = (message: string, hint?: string): void => {
      this.problems.push(kqlProblem('kql.type', this.text, value.span, message, hint));
    };
    if (!range && isLoneWildcard(value)) return; // field:* is an exists query, valid on every type
    if (containerTypes.has(type)) {
      report(`${typed}: a query can only compare its sub-fields, or test it with ${String(termText(field))}:*`);
      return;
    }
    if (!range && value.wildcard) {
      if (!wildcardTypes.has(type)) report(`A wildcard value needs a keyword or text field, but ${typed}; Elasticsearch fails the search`, 'compare with an exact value or a range');
      return;
    }
    // A range bound is sent as written, stars included (to-dsl.ts).
    if (value.value !== null) this.scalar(typed, type, String(value.value), report);
  }

  /** A value Elasticsearch must parse as the field's type. */
  private scalar(typed: string, type: string, text: string, report: (message: string, hint?: string) => void): void {
    if (numericTypes.has(type) && !isNumber(text)) report(`[${text}] is not a number, but ${typed}; Elasticsearch fails the search`);
    else if (type === 'ip' && !isIpOrCidr(text)) report(`[${text}] is not an IP address or CIDR block, but ${typed}; Elasticsearch fails the search`);
    else if (type === 'boolean' && text !== 'true' && text !== 'false') report(`[${text}] is not true or false, but ${typed}; Elasticsearch fails the search`);
  }
}
