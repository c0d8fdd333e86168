// One run of a query, threshold or new_terms rule on a real cluster, with the requests Kibana's
// detection engine sends (x-pack/solutions/security/plugins/security_solution/server/lib/
// detection_engine/rule_types/: utils/build_events_query.ts for the query, range filter and sort;
// threshold/build_threshold_aggregation.ts and find_threshold_signals.ts; new_terms/
// build_new_terms_aggregation.ts and execute_new_terms_aggregation_approach.ts). Two additions of
// ours: a threshold bucket's `docs` top_hits, so a test can name the events an alert counted, and
// no paging beyond one page of 10,000 buckets per phase (replay cases are small).
import type { estypes } from '@elastic/elasticsearch';
import { dslFields } from '../../kql/index.js';
import type { DslRuleSearch } from '../../testing/backend.js';
import { THRESHOLD_BUCKET_DOCUMENTS, type DetectionResponse, type EventDocument, type NewTermsHit, type ThresholdBucket } from '../types.js';
import { ReplayRunError } from './errors.js';
import { loadRun, type ClusterContext, type LoadedRun, type RunContext } from './replay-search.js';

const PAGE_SIZE = 10_000;
/** Kibana's runtime field for a timestamp_override that falls back to @timestamp (aggregatableTimestampField). */
const COMBINED_TIMESTAMP = 'kibana.combined_timestamp';

type Aggregations = Record<string, estypes.AggregationsAggregationContainer>;
interface RawHit {
  _index: string;
  _id: string;
  _source: Record<string, unknown>;
}
interface RawBucket {
  key: Record<string, unknown> | string | number;
  doc_count: number;
  max_timestamp?: { value: number | null };
  min_timestamp?: { value: number | null };
  first_seen?: { value: number | null };
  cardinality_count?: { value: number };
  docs?: { hits: { hits: RawHit[] } };
}
interface RawSearch {
  hits: { total?: { value: number }; hits: RawHit[] };
  aggregations?: Record<string, { buckets?: RawBucket[]; after_key?: Record<string, unknown>; value?: number | null; hits?: { hits: RawHit[] } }>;
}

export async function detectionSearch(cluster: ClusterContext, request: DslRuleSearch, run: RunContext): Promise<DetectionResponse> {
  const needed = [
    ...dslFields(request.query),
    request.timestampField,
    ...(request.fallbackTimestampField ? [request.fallbackTimestampField] : []),
    ...(request.threshold?.fields ?? []),
    ...(request.threshold?.cardinality ? [request.threshold.cardinality.field] : []),
    ...(request.newTerms?.fields ?? []),
  ];
  const loaded = await loadRun(cluster, request, needed, run);
  if (loaded === undefined) {
    return request.ruleType === 'threshold' ? { ruleType: 'threshold', buckets: [] } : request.ruleType === 'query' ? { ruleType: 'query', hits: [] } : { ruleType: 'new_terms', hits: [] };
  }
  const searcher = new RunSearcher(cluster, request, loaded);
  switch (request.ruleType) {
    case 'query':
      return { ruleType: 'query', hits: await searcher.queryHits() };
    case 'threshold':
      return { ruleType: 'threshold', buckets: await searcher.thresholdBuckets() };
    case 'new_terms':
      return { ruleType: 'new_terms', hits: await searcher.newTermsHits() };
  }
}

class RunSearcher {
  private readonly timestampField: string;

  constructor(
    private readonly cluster: ClusterContext,
    private readonly request: DslRuleSearch,
    private readonly loaded: LoadedRun,
  ) {
    this.timestampField = request.fallbackTimestampField === undefined ? request.timestampField : COMBINED_TIMESTAMP;
    if (!request.window) throw new ReplayRunError(`a ${request.ruleType} rule is replayed as one run at a time \`now\`; a retro-hunt has no window`);
  }

  private get window(): { from: number; to: number } {
    return this.request.window as { from: number; to: number };
  }

  /** The time range filter of build_events_query.ts, with ISO dates as Kibana sends them. */
  private rangeFilter(from: number, to: number): estypes.QueryDslQueryContainer {
    const range = (field: string): estypes.QueryDslQueryContainer => ({
      range: { [field]: { lte: new Date(to).toISOString(), gte: new Date(from).toISOString(), format: 'strict_date_optional_time' } },
    });
    const secondary = this.request.fallbackTimestampField;
    if (secondary === undefined) return range(this.request.timestampField);
    return {
      bool: {
        minimum_should_match: 1,
        should: [range(this.request.timestampField), { bool: { filter: [range(secondary), { bool: { must_not: { exists: { field: this.request.timestampField } } } }] } }],
      },
    };
  }

  private sort(): estypes.Sort {
    const fields = [this.request.timestampField, ...(this.request.fallbackTimestampField ? [this.request.fallbackTimestampField] : [])];
    return fields.map((field): estypes.SortCombinations => ({ [field]: { order: 'asc', unmapped_type: 'date' } }));
  }

  /** Kibana's combined timestamp: the override when the document has it, else @timestamp. */
  private runtimeMappings(): estypes.MappingRuntimeFields | undefined {
    const secondary = this.request.fallbackTimestampField;
    if (secondary === undefined) return undefined;
    const primary = this.request.timestampField;
    return {
      [COMBINED_TIMESTAMP]: {
        type: 'date',
        script: {
          source: `if (doc.containsKey(params.primary) && !doc[params.primary].isEmpty()) { emit(doc[params.primary].value.toInstant().toEpochMilli()) } else if (doc.containsKey(params.secondary) && !doc[params.secondary].isEmpty()) { emit(doc[params.secondary].value.toInstant().toEpochMilli()) }`,
          params: { primary, secondary },
        },
      },
    };
  }

  private async search(operation: string, from: number, options: { size: number; aggs?: Aggregations; sort?: boolean; trackTotalHits?: boolean }): Promise<RawSearch> {
    const runtime = this.runtimeMappings();
    const response = await this.loaded.step(operation, () =>
      this.cluster.client.search({
        index: this.loaded.patterns,
        allow_no_indices: true,
        ignore_unavailable: true,
        size: options.size,
        query: { bool: { filter: [this.request.query as estypes.QueryDslQueryContainer, this.rangeFilter(from, this.window.to)] } },
        ...(options.sort ? { sort: this.sort() } : {}),
        ...(options.aggs ? { aggs: options.aggs } : {}),
        ...(options.trackTotalHits === undefined ? {} : { track_total_hits: options.trackTotalHits }),
        ...(runtime ? { runtime_mappings: runtime } : {}),
      }),
    );
    return response as unknown as RawSearch;
  }

  private document(hit: RawHit): EventDocument {
    return { _index: this.loaded.originalIndex.get(hit._index) ?? hit._index, _id: hit._id, _source: hit._source };
  }

  private topHits(size: number): estypes.AggregationsAggregationContainer {
    return { top_hits: { size, sort: [{ [this.timestampField]: { order: 'asc' } }] } };
  }

  async queryHits(): Promise<EventDocument[]> {
    const size = Math.min(this.request.maxSignals, this.loaded.resultWindow);
    const response = await this.search('running the query rule search', this.window.from, { size, sort: true });
    return response.hits.hits.map((hit) => this.document(hit));
  }

  async thresholdBuckets(): Promise<ThresholdBucket[]> {
    const threshold = this.request.threshold;
    if (!threshold) throw new ReplayRunError('a threshold run needs the rule\'s threshold');
    const timestamps: Aggregations = {
      max_timestamp: { max: { field: this.timestampField } },
      min_timestamp: { min: { field: this.timestampField } },
      ...(threshold.cardinality ? { cardinality_count: { cardinality: { field: threshold.cardinality.field } } } : {}),
      docs: this.topHits(THRESHOLD_BUCKET_DOCUMENTS),
    };
    const toBucket = (bucket: RawBucket, count: number): ThresholdBucket => ({
      terms: typeof bucket.key === 'object' ? Object.entries(bucket.key).map(([field, value]) => ({ field, value })) : [],
      count,
      ...(threshold.cardinality ? { cardinality: { field: threshold.cardinality.field, value: bucket.cardinality_count?.value ?? 0 } } : {}),
      minTimestamp: bucket.min_timestamp?.value ?? null,
      maxTimestamp: bucket.max_timestamp?.value ?? null,
      documents: (bucket.docs?.hits.hits ?? []).map((hit) => this.document(hit)),
    });
    if (threshold.fields.length === 0) {
      const response = await this.search('running the threshold search', this.window.from, { size: 0, aggs: timestamps, trackTotalHits: true });
      const count = response.hits.total?.value ?? 0;
      const aggs = response.aggregations ?? {};
      const cardinality = aggs.cardinality_count?.value ?? 0;
      if (count < threshold.value || (threshold.cardinality && cardinality < threshold.cardinality.value)) return [];
      const single: RawBucket = {
        key: {},
        doc_count: count,
        max_timestamp: { value: aggs.max_timestamp?.value ?? null },
        min_timestamp: { value: aggs.min_timestamp?.value ?? null },
        cardinality_count: { value: cardinality },
        docs: { hits: aggs.docs?.hits ?? { hits: [] } },
      };
      return [toBucket({ ...single, key: {} }, count)];
    }
    const aggs: Aggregations = {
      thresholdTerms: {
        composite: { sources: threshold.fields.map((field) => ({ [field]: { terms: { field } } })), size: PAGE_SIZE },
        aggs: {
          ...timestamps,
          ...(threshold.cardinality
            ? { cardinality_check: { bucket_selector: { buckets_path: { cardinalityCount: 'cardinality_count' }, script: `params.cardinalityCount >= ${threshold.cardinality.value}` } } }
            : {}),
          count_check: { bucket_selector: { buckets_path: { docCount: '_count' }, script: `params.docCount >= ${threshold.value}` } },
        },
      },
    };
    const response = await this.search('running the threshold search', this.window.from, { size: 0, aggs });
    const buckets = response.aggregations?.thresholdTerms?.buckets ?? [];
    return buckets.slice(0, this.request.maxSignals).map((bucket) => toBucket(bucket, bucket.doc_count));
  }

  async newTermsHits(): Promise<NewTermsHit[]> {
    const newTerms = this.request.newTerms;
    if (!newTerms) throw new ReplayRunError('a new_terms run needs the rule\'s new terms fields');
    const { from } = this.window;
    const firstSeenAfterFrom: Aggregations = {
      first_seen: { min: { field: this.timestampField } },
      filtering_agg: {
        bucket_selector: { buckets_path: { first_seen_value: 'first_seen' }, script: { params: { start_time: from }, source: 'params.first_seen_value > params.start_time' } },
      },
    };
    const composite = (aggs: Aggregations): Aggregations => ({
      new_terms: { composite: { sources: newTerms.fields.map((field) => ({ [field]: { terms: { field } } })), size: PAGE_SIZE }, aggs },
    });
    const hitOf = (bucket: RawBucket): NewTermsHit | undefined => {
      const hit = bucket.docs?.hits.hits[0];
      return hit && { event: this.document(hit), terms: typeof bucket.key === 'object' ? Object.values(bucket.key) : [bucket.key] };
    };
    if (newTerms.fields.length === 1) {
      const field = newTerms.fields[0] as string;
      // Phase 1: the terms of the rule's window; phase 2: those first seen after `from` over the history; phase 3: their earliest events.
      const recent = await this.search('finding the terms of the rule window', from, { size: 0, aggs: composite({}) });
      const include = (recent.aggregations?.new_terms?.buckets ?? []).map((bucket) => (bucket.key as Record<string, unknown>)[field]);
      if (include.length === 0) return [];
      const termsOf = (values: unknown[], aggs: Aggregations): Aggregations => ({
        new_terms: { terms: { field, size: PAGE_SIZE, include: values as string[] }, aggs },
      });
      const history = await this.search('finding the new terms over the history window', newTerms.historyWindowStart, { size: 0, aggs: termsOf(include, firstSeenAfterFrom) });
      const fresh = (history.aggregations?.new_terms?.buckets ?? []).map((bucket) => bucket.key);
      if (fresh.length === 0) return [];
      const documents = await this.search('fetching the events of the new terms', from, { size: 0, aggs: termsOf(fresh, { docs: this.topHits(1) }) });
      return (documents.aggregations?.new_terms?.buckets ?? []).map(hitOf).filter((hit): hit is NewTermsHit => hit !== undefined).slice(0, this.request.maxSignals);
    }
    const history = await this.search('finding the new term combinations over the history window', newTerms.historyWindowStart, { size: 0, aggs: composite(firstSeenAfterFrom) });
    const fresh = new Set((history.aggregations?.new_terms?.buckets ?? []).map((bucket) => JSON.stringify(bucket.key)));
    if (fresh.size === 0) return [];
    const documents = await this.search('fetching the events of the new term combinations', from, { size: 0, aggs: composite({ docs: this.topHits(1) }) });
    return (documents.aggregations?.new_terms?.buckets ?? [])
      .filter((bucket) => fresh.has(JSON.stringify(bucket.key)))
      .map(hitOf)
      .filter((hit): hit is NewTermsHit => hit !== undefined)
      .slice(0, this.request.maxSignals);
  }
}
