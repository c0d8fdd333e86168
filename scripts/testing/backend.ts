// What the replay harness asks of an engine: run one rule's EQL query over a set of documents,
// as one execution of Kibana's detection engine would, and answer like `_eql/search`.
import type { Query } from '../eql/ast.js';
import type { EqlSearchOptions, EqlSearchResponse, EventDocument, FieldTypes } from '../engines/types.js';

export interface RuleSearch {
  /** The rule's query, parsed, and its text as written (the Elasticsearch backend sends the text). */
  readonly query: Query;
  readonly queryText: string;
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
  /** timestamp_field, event_category_field (from event_category_override), tiebreaker_field, size (max_signals). */
  readonly options: EqlSearchOptions;
  /** Types of the fields the documents carry (ECS plus the repository's declared fields). */
  readonly fieldTypes: FieldTypes;
}

export interface EqlBackend {
  readonly name: 'embedded' | 'elasticsearch';
  search(request: RuleSearch): Promise<EqlSearchResponse>;
  /** Releases what the backend holds (indices, containers); safe to call more than once. */
  close(): Promise<void>;
}
