// The shape every EQL backend returns: the embedded engine and the Elasticsearch backend answer
// with the same subset of Elasticsearch's `_eql/search` response, so callers are engine-agnostic.

/** One event as stored: where it lives and its source document. */
export interface EventDocument {
  _index: string;
  _id: string;
  _source: Record<string, unknown>;
}

/** A returned event; a missing-event placeholder (`![...]` step) has no `_source` and `missing: true`. */
export interface EqlHitEvent {
  _index: string;
  _id: string;
  _source?: Record<string, unknown>;
  missing?: boolean;
}

export interface EqlHitSequence {
  join_keys?: unknown[];
  events: EqlHitEvent[];
}

export interface EqlSearchResponse {
  is_partial: boolean;
  is_running: boolean;
  took: number;
  timed_out: boolean;
  hits: {
    total: { value: number; relation: 'eq' | 'gte' };
    events?: EqlHitEvent[];
    sequences?: EqlHitSequence[];
  };
}

export interface EqlSearchOptions {
  /** Default `@timestamp`. */
  timestamp_field?: string;
  /** Default `event.category`. */
  event_category_field?: string;
  tiebreaker_field?: string;
  /** Default 10. */
  size?: number;
  result_position?: 'head' | 'tail';
  /** Samples returned per join-key combination; default 1. */
  max_samples_per_key?: number;
}

/** The type of one field, as an Elasticsearch mapping declares it. */
export interface FieldMapping {
  /** `keyword`, `wildcard`, `text`, `long`, `date`, `ip`, `boolean`, `alias`, ... */
  readonly type: string;
  /** For `alias`: the dotted path of the target field. */
  readonly path?: string;
  /** For `text`: the name and mapping of its keyword-like sub-field, when it has one. */
  readonly keywordSubField?: { readonly name: string; readonly ignoreAbove?: number };
  /** For `keyword`: values longer than this are not indexed, so queries do not see them. */
  readonly ignoreAbove?: number;
  /** For `date` and `date_nanos`: the mapping's `format` (default strict_date_optional_time||epoch_millis). */
  readonly format?: string;
  /** The mapping's `null_value`: what an explicit null in a document is indexed as. */
  readonly nullValue?: string | number | boolean;
  /** For `constant_keyword`: the mapping's `value`, which every document of the index has. */
  readonly constantValue?: string;
}

/** Field name (dotted) → mapping, from an Elasticsearch mapping or the field catalogue. */
export type FieldTypes = ReadonlyMap<string, FieldMapping>;

/** A query-DSL query object (`{"bool": {...}}`), as Elasticsearch's `_search` takes it. */
export type DslQuery = Record<string, unknown>;

/** One term of a threshold bucket or a new-terms alert: the field and the value of the bucket's key. */
export interface FieldValue {
  readonly field: string;
  readonly value: unknown;
}

/** One threshold bucket that reached the rule's value (and cardinality), as the detection engine reads it. */
export interface ThresholdBucket {
  /** The bucket's key, one term per threshold field (none without fields). */
  readonly terms: readonly FieldValue[];
  readonly count: number;
  /** The distinct count of the cardinality field, when the rule has one. */
  readonly cardinality?: FieldValue;
  /** Earliest and latest timestamp of the bucket's documents, epoch milliseconds. */
  readonly minTimestamp: number | null;
  readonly maxTimestamp: number | null;
  /** The bucket's documents in time order, at most THRESHOLD_BUCKET_DOCUMENTS of them. */
  readonly documents: readonly EventDocument[];
}

/** A document that introduced a new value combination of a new_terms rule's fields. */
export interface NewTermsHit {
  readonly event: EventDocument;
  /** The values, one per new_terms field. */
  readonly terms: readonly unknown[];
}

/** The answer of one run of a query, threshold or new_terms rule, before it becomes alerts. */
export type DetectionResponse =
  | { readonly ruleType: 'query'; readonly hits: readonly EventDocument[] }
  | { readonly ruleType: 'threshold'; readonly buckets: readonly ThresholdBucket[] }
  | { readonly ruleType: 'new_terms'; readonly hits: readonly NewTermsHit[] };

/** How many documents of a threshold bucket an alert names (Elasticsearch's default top_hits limit). */
export const THRESHOLD_BUCKET_DOCUMENTS = 100;
