// What the replay harness asks of an engine: run one rule over a set of documents as one
// execution of Kibana's detection engine would; an EQL rule answers like `_eql/search`, a query,
// threshold or new_terms rule with the hits, buckets or new terms its executor reads, an ES|QL rule
// like `_query`.
import type { Query } from '../eql/ast.js';
import type { Query as EsqlQuery } from '../esql/ast.js';
import type { EsqlResult } from '../engines/esql/run-query.js';
import type { DetectionResponse, DslQuery, EqlSearchOptions, EqlSearchResponse, EventDocument, FieldTypes } from '../engines/types.js';

/** Which documents one rule run searches: its indices and look-back window. */
export interface SearchScope {
  /** The rule's `index` patterns: only documents whose `_index` matches one are searched. */
  readonly indexPatterns: readonly string[];
  /** Every document of the test case, each with its concrete `_index` and `_id`. */
  readonly documents: readonly EventDocument[];
  /**
   * The look-back window in epoch milliseconds, inclusive at both ends, applied to `timestampField`;
   * absent for a retro-hunt over everything.
   */
  readonly window?: { readonly from: number; readonly to: number };
  /** The field the window applies to: the rule's `timestamp_override`, else `@timestamp`. */
  readonly timestampField: string;
  /**
   * Where the window looks in a document that lacks `timestampField`: `@timestamp`, as Kibana
   * falls back to it for a `timestamp_override` unless `timestamp_override_fallback_disabled`.
   */
  readonly fallbackTimestampField?: string;
  /** Types of the fields the documents carry (ECS plus the repository's declared fields). */
  readonly fieldTypes: FieldTypes;
}

export interface RuleSearch extends SearchScope {
  /** The rule's query, parsed, and its text as written (the Elasticsearch backend sends the text). */
  readonly query: Query;
  readonly queryText: string;
  /** timestamp_field, event_category_field (from event_category_override), tiebreaker_field, size (max_signals). */
  readonly options: EqlSearchOptions;
}

/** One run of a query, threshold or new_terms rule: its query as the DSL Kibana builds from it and its filters. */
export interface DslRuleSearch extends SearchScope {
  readonly ruleType: 'query' | 'threshold' | 'new_terms';
  readonly query: DslQuery;
  /** The run's time, epoch milliseconds: date math in the query is relative to it. */
  readonly now: number;
  /** `max_signals`: at most this many alerts. */
  readonly maxSignals: number;
  readonly threshold?: {
    /** Zero, one or more fields: one bucket per value combination. */
    readonly fields: readonly string[];
    readonly value: number;
    readonly cardinality?: { readonly field: string; readonly value: number };
  };
  readonly newTerms?: {
    readonly fields: readonly string[];
    /** `history_window_start` resolved at the run's time, epoch milliseconds. */
    readonly historyWindowStart: number;
  };
}

/**
 * One run of an ES|QL rule: the query as Kibana sends it (`| limit <max_signals + 1>` appended)
 * with the range filter of the look-back window. `indexPatterns` is `*`: the query's FROM names
 * its indices.
 */
export interface EsqlRuleSearch extends SearchScope {
  readonly query: EsqlQuery;
  readonly queryText: string;
  /** The run's time, epoch milliseconds (NOW() and date math). */
  readonly now: number;
  readonly maxSignals: number;
}

export interface EqlBackend {
  readonly name: 'embedded' | 'elasticsearch';
  search(request: RuleSearch): Promise<EqlSearchResponse>;
  /** Runs a query, threshold or new_terms rule. */
  detect(request: DslRuleSearch): Promise<DetectionResponse>;
  /** Runs an ES|QL rule's query; answers as the `_query` API does. */
  esql(request: EsqlRuleSearch): Promise<EsqlResult>;
  /** Releases what the backend holds (indices, containers); safe to call more than once. */
  close(): Promise<void>;
}
