// Compiles an Elasticsearch query DSL object into a test of one document, clause by clause, with
// each leaf judged by its field's mapped type (field-queries.ts). One evaluator serves the query
// Kibana builds from a KQL rule, the rule's `filters`, and DSL a test writes by hand. A clause it
// cannot run is an error naming where in the query it sits, never a silent match or miss.
import { leafValues } from '../document-fields.js';
import type { EventDocument, FieldTypes } from '../types.js';
import {
  existsQuery,
  matchPhraseQuery,
  matchQuery,
  patternQuery,
  rangeQuery,
  termQuery,
  type QueryContext,
  type RangeBounds,
  type SourcePredicate,
} from './field-queries.js';
import { DslQueryError } from './errors.js';
import { resolveField, type ResolvedField } from './field-values.js';
import { parseQueryString } from './query-string.js';
import { compilePattern, unescapePattern } from './wildcard-pattern.js';

export type DocumentPredicate = (document: EventDocument) => boolean;

export interface DslOptions {
  readonly fieldTypes: FieldTypes;
  /** Epoch milliseconds `now` in date math stands for. */
  readonly now: number;
}

/** A query the evaluator cannot run, with where it sits (`bool.filter[0].match`). */
export class DslCompileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const metaFields = new Set(['_id', '_index']);

export function compileDsl(query: unknown, options: DslOptions): DocumentPredicate {
  return new DslCompiler(options).compile(query, 'query');
}

class DslCompiler {
  private readonly fields = new Map<string, ResolvedField>();
  private readonly context: QueryContext;

  constructor(private readonly options: DslOptions) {
    this.context = { now: options.now };
  }

  compile(query: unknown, path: string): DocumentPredicate {
    if (!isObject(query)) throw new DslCompileError(path, 'a query must be an object such as {"match_all": {}}');
    const keys = Object.keys(query);
    if (keys.length !== 1) throw new DslCompileError(path, `a query object holds exactly one clause; got ${keys.length === 0 ? 'none' : keys.join(', ')}`);
    const kind = keys[0] as string;
    const body = query[kind];
    const at = `${path}.${kind}`;
    try {
      return this.clause(kind, body, at);
    } catch (error) {
      if (error instanceof DslQueryError) throw new DslCompileError(at, error.message);
      throw error;
    }
  }

  private field(name: string): ResolvedField {
    let field = this.fields.get(name);
    if (!field) this.fields.set(name, (field = resolveField(name, this.options.fieldTypes)));
    return field;
  }

  private clause(kind: string, body: unknown, at: string): DocumentPredicate {
    switch (kind) {
      case 'match_all':
        return () => true;
      case 'match_none':
        return () => false;
      case 'bool':
        return this.bool(body, at);
      case 'constant_score':
        if (!isObject(body) || body.filter === undefined) throw new DslCompileError(at, 'constant_score needs a filter');
        return this.compile(body.filter, `${at}.filter`);
      case 'term':
        return this.onField(body, at, 'value', (field, params) =>
          termQuery(field, params.value, this.context, params.case_insensitive === true),
        );
      case 'terms':
        return this.terms(body, at);
      case 'match':
        return this.onField(body, at, 'query', (field, params) => {
          const operator = String(params.operator ?? 'or').toLowerCase();
          if (operator !== 'or' && operator !== 'and') throw new DslQueryError(`operator must be "or" or "and", got "${operator}"`);
          return matchQuery(field, params.query, operator, this.context);
        });
      case 'match_phrase':
        return this.onField(body, at, 'query', (field, params) => matchPhraseQuery(field, params.query, this.context));
      case 'range':
        return this.onField(body, at, undefined, (field, params) => rangeQuery(field, params as RangeBounds, this.context));
      case 'exists': {
        if (!isObject(body) || typeof body.field !== 'string') throw new DslCompileError(at, 'exists needs {"field": "name"}');
        return this.onSource(existsQuery(this.field(body.field)));
      }
      case 'wildcard':
        return this.onField(body, at, 'value', (field, params) => {
          const pattern = params.value ?? params.wildcard;
          if (typeof pattern !== 'string') throw new DslQueryError('wildcard needs a string value');
          return patternQuery(field, pattern, params.case_insensitive === true);
        });
      case 'prefix':
        return this.onField(body, at, 'value', (field, params) => {
          if (typeof params.value !== 'string') throw new DslQueryError('prefix needs a string value');
          return patternQuery(field, `${params.value.replace(/[\\*?]/g, '\\$&')}*`, params.case_insensitive === true);
        });
      case 'ids': {
        const values = isObject(body) && Array.isArray(body.values) ? new Set(body.values.map(String)) : undefined;
        if (!values) throw new DslCompileError(at, 'ids needs {"values": [...]}');
        return (document) => values.has(document._id);
      }
      case 'query_string':
        return this.queryString(body, at);
      case 'multi_match':
        return this.multiMatch(body, at);
      default:
        throw new DslCompileError(at, `the embedded evaluator does not run "${kind}" queries (it runs bool, term, terms, match, match_phrase, multi_match, range, exists, wildcard, prefix, ids, query_string, constant_score, match_all, match_none)`);
    }
  }

  private onSource(predicate: SourcePredicate): DocumentPredicate {
    return (document) => predicate(document._source);
  }

  /** `{field: value}` or `{field: {<valueKey>: value, ...options}}`, as Elasticsearch accepts both. */
  private onField(body: unknown, at: string, valueKey: string | undefined, build: (field: ResolvedField, params: Json) => SourcePredicate): DocumentPredicate {
    if (!isObject(body)) throw new DslCompileError(at, 'expected {"field": ...}');
    const names = Object.keys(body).filter((key) => !['boost', '_name'].includes(key));
    if (names.length !== 1) throw new DslCompileError(at, `expected one field, got ${names.length === 0 ? 'none' : names.join(', ')}`);
    const name = names[0] as string;
    const raw = body[name];
    const params: Json = isObject(raw) ? raw : valueKey === undefined ? {} : { [valueKey]: raw };
    if (valueKey !== undefined && params[valueKey] === undefined && !(valueKey === 'value' && params.wildcard !== undefined)) {
      throw new DslCompileError(`${at}.${name}`, `needs a "${valueKey}"`);
    }
    try {
      if (metaFields.has(name)) return this.metaField(name, params, valueKey);
      return this.onSource(build(this.field(name), params));
    } catch (error) {
      if (error instanceof DslQueryError) throw new DslCompileError(`${at}.${name}`, error.message);
      throw error;
    }
  }

  /** `_id` and `_index` are keyword-like metadata, read from the document, not its source. */
  private metaField(name: string, params: Json, valueKey: string | undefined): DocumentPredicate {
    const read = (document: EventDocument) => (name === '_id' ? document._id : document._index);
    const value = valueKey === undefined ? undefined : (params[valueKey] ?? params.wildcard);
    if (typeof value !== 'string') throw new DslQueryError(`${name} is compared with a string`);
    const test = compilePattern(value, params.case_insensitive === true);
    return (document) => test(read(document));
  }

  private terms(body: unknown, at: string): DocumentPredicate {
    if (!isObject(body)) throw new DslCompileError(at, 'expected {"field": [values]}');
    const names = Object.keys(body).filter((key) => key !== 'boost' && key !== '_name');
    const name = names[0];
    const values = name === undefined ? undefined : body[name];
    if (names.length !== 1 || !Array.isArray(values)) throw new DslCompileError(at, 'terms needs one field with an array of values');
    if (metaFields.has(name as string)) {
      const wanted = new Set(values.map(String));
      return (document) => wanted.has(name === '_id' ? document._id : document._index);
    }
    const field = this.field(name as string);
    try {
      const tests = values.map((value) => termQuery(field, value, this.context));
      return (document) => tests.some((test) => test(document._source));
    } catch (error) {
      if (error instanceof DslQueryError) throw new DslCompileError(`${at}.${name}`, error.message);
      throw error;
    }
  }

  private bool(body: unknown, at: string): DocumentPredicate {
    if (!isObject(body)) throw new DslCompileError(at, 'bool needs an object');
    const list = (key: string): DocumentPredicate[] => {
      const value = body[key];
      if (value === undefined) return [];
      const items = Array.isArray(value) ? value : [value];
      return items.map((item, n) => this.compile(item, Array.isArray(value) ? `${at}.${key}[${n}]` : `${at}.${key}`));
    };
    for (const key of Object.keys(body)) {
      if (!['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(key)) {
        throw new DslCompileError(`${at}.${key}`, `bool has no "${key}" (it takes must, filter, should, must_not, minimum_should_match)`);
      }
    }
    const required = [...list('must'), ...list('filter')];
    const excluded = list('must_not');
    const should = list('should');
    // Without must or filter, at least one should clause must match; with them, none need to.
    const minimum = minimumShouldMatch(body.minimum_should_match, should.length, required.length > 0 ? 0 : should.length > 0 ? 1 : 0, `${at}.minimum_should_match`);
    return (document) => {
      for (const test of required) if (!test(document)) return false;
      for (const test of excluded) if (test(document)) return false;
      if (minimum === 0) return true;
      let matched = 0;
      for (const test of should) if (test(document) && ++matched >= minimum) return true;
      return false;
    };
  }

  private queryString(body: unknown, at: string): DocumentPredicate {
    if (!isObject(body) || typeof body.query !== 'string') throw new DslCompileError(at, 'query_string needs a "query" string');
    let terms;
    try {
      terms = parseQueryString(body.query);
    } catch (error) {
      if (error instanceof DslQueryError) throw new DslCompileError(at, error.message);
      throw error;
    }
    const fields = Array.isArray(body.fields) ? body.fields.map(String) : typeof body.default_field === 'string' ? [body.default_field] : ['*'];
    const and = String(body.default_operator ?? 'or').toLowerCase() === 'and';
    const lenient = body.lenient === true || fields.some((field) => field.includes('*'));
    const perTerm = terms.map((term) => (source: Record<string, unknown>) =>
      this.fieldsOf(fields, source).some((field) => {
        try {
          if (term.kind === 'phrase') return matchPhraseQuery(field, term.text, this.context)(source);
          if (term.wildcard) return patternQuery(field, term.text, false)(source);
          const text = unescapePattern(term.text);
          return field.family === 'text' ? matchQuery(field, text, and ? 'and' : 'or', this.context)(source) : termQuery(field, text, this.context)(source);
        } catch (error) {
          if (error instanceof DslQueryError && lenient) return false;
          throw error;
        }
      }),
    );
    if (perTerm.length === 0) return () => false;
    // Strict fields are checked once now, so a type error is reported at compile time, not per document.
    if (!lenient) for (const test of perTerm) test({});
    return (document) => (and ? perTerm.every((test) => test(document._source)) : perTerm.some((test) => test(document._source)));
  }

  private multiMatch(body: unknown, at: string): DocumentPredicate {
    if (!isObject(body) || body.query === undefined) throw new DslCompileError(at, 'multi_match needs a "query"');
    const type = String(body.type ?? 'best_fields');
    if (!['best_fields', 'most_fields', 'phrase', 'cross_fields'].includes(type)) throw new DslCompileError(at, `multi_match type "${type}" is not supported`);
    const fields = Array.isArray(body.fields) ? body.fields.map(String) : ['*'];
    const lenient = body.lenient === true;
    const operator = String(body.operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
    return (document) =>
      this.fieldsOf(fields, document._source).some((field) => {
        try {
          return (type === 'phrase' ? matchPhraseQuery(field, body.query, this.context) : matchQuery(field, body.query, operator, this.context))(document._source);
        } catch (error) {
          if (error instanceof DslQueryError && lenient) return false;
          throw new DslCompileError(at, (error as Error).message);
        }
      });
  }

  /** The fields a multi-field query reads: named ones, or for patterns (`*`, `process.*`) those the document has. */
  private fieldsOf(patterns: readonly string[], source: Record<string, unknown>): ResolvedField[] {
    const out: ResolvedField[] = [];
    for (const pattern of patterns) {
      const name = pattern.replace(/\^[\d.]+$/, '');
      if (!name.includes('*')) {
        out.push(this.field(name));
        continue;
      }
      const test = compilePattern(name, false);
      for (const carried of leafValues([source]).keys()) if (test(carried)) out.push(this.field(carried));
    }
    return out;
  }
}

/** `minimum_should_match`: an integer, a negative integer, or a percentage, of the should clauses. */
function minimumShouldMatch(value: unknown, clauses: number, fallback: number, at: string): number {
  if (value === undefined || value === null) return fallback;
  const text = String(value).trim();
  let count: number;
  const percent = /^(-?\d+)%$/.exec(text);
  if (percent) {
    const share = Math.trunc((clauses * Math.abs(Number(percent[1]))) / 100);
    count = Number(percent[1]) < 0 ? clauses - share : share;
  } else if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    count = n < 0 ? clauses + n : n;
  } else {
    throw new DslCompileError(at, `"${text}" is not supported (use an integer or a percentage)`);
  }
  // More than there are should clauses matches nothing, as in Lucene's BooleanQuery.
  return Math.max(0, count);
}
