// One replay search on Elasticsearch: a temporary index template (so names such as
// `logs-system.security-default-…` become plain indices instead of the built-in `logs-*-*`
// data streams), one index per document `_index` with the run's suffix and mapping, a bulk
// load with refresh, then `_eql/search` over the rule's patterns restricted to the run.
import type { Client, estypes } from '@elastic/elasticsearch';
import { fieldsOf } from '../../eql/ast-walk.js';
import type { RuleSearch, SearchScope } from '../../testing/backend.js';
import type { EqlSearchResponse, EventDocument, FieldMapping, FieldTypes } from '../types.js';
import { NDJSON_HEADERS } from './client.js';
import { ReplayRunError } from './errors.js';
import { describeFailure } from './failure.js';
import { buildMapping } from './mapping.js';
import { noHits, toEqlSearchResponse, type RawEqlResponse } from './response.js';
import type { RunResources } from './run-resources.js';
import { anyIncluded, indexNameProblem, runIndexName, runPatterns, runSuffix } from './run-indices.js';

export interface ClusterContext {
  readonly client: Client;
  /** The cluster's address, for messages. */
  readonly url: string;
  readonly secrets: readonly string[];
}

/** Above any template a cluster is likely to have, so ours decides how the run's indices are made. */
const TEMPLATE_PRIORITY = 2_147_483_647;
const BULK_BATCH = 1000;
/** Elasticsearch's default `index.max_result_window`, which also bounds an EQL search's size. */
const DEFAULT_RESULT_WINDOW = 10_000;
const MAX_REPORTED_REJECTIONS = 5;

/** What a search needs of the run's loaded indices. */
export interface LoadedRun {
  /** The rule's patterns restricted to the run. */
  readonly patterns: string[];
  /** Run index name → the documents' own `_index`. */
  readonly originalIndex: ReadonlyMap<string, string>;
  /** The indices' `max_result_window`. */
  readonly resultWindow: number;
  readonly step: <T>(operation: string, action: () => Promise<T>) => Promise<T>;
}

export interface RunContext {
  readonly runId: string;
  readonly sequence: number;
  readonly resources: RunResources;
}

/**
 * Creates the run's template and indices, mapped for the documents and the fields the search needs,
 * and loads the documents; undefined when no document lies where the rule searches (nothing can match,
 * so nothing needs creating).
 */
export async function loadRun(cluster: ClusterContext, request: SearchScope, neededFields: readonly string[], run: RunContext): Promise<LoadedRun | undefined> {
  const step = async <T>(operation: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw describeFailure(error, operation, cluster.url, cluster.secrets);
    }
  };
  checkDocuments(request.documents);
  const suffix = runSuffix(run.runId, run.sequence);
  const patterns = runPatterns(request.indexPatterns, suffix);
  const byIndex = groupByRunIndex(request.documents, suffix);
  const names = [...byIndex.keys()];
  if (!anyIncluded(names, patterns)) return undefined;
  const originalIndex = new Map([...byIndex].map(([name, documents]) => [name, (documents[0] as EventDocument)._index]));

  // A retro-hunt asks for no cap (a huge size), which Elasticsearch refuses beyond the result
  // window; no search can return more events than the run holds, so a window that large caps nothing.
  const resultWindow = Math.max(DEFAULT_RESULT_WINDOW, request.documents.length);
  const template = `detection-rules-replay-${run.runId}-${run.sequence}`;
  await step(`creating index template "${template}"`, () =>
    run.resources.createTemplate(template, () =>
      cluster.client.indices.putIndexTemplate({
        name: template,
        create: true,
        index_patterns: names,
        priority: TEMPLATE_PRIORITY,
        template: { settings: { number_of_shards: 1, number_of_replicas: 0, max_result_window: resultWindow } },
        _meta: { description: 'detection-rules replay run: deleted with its indices when the run ends' },
      }),
    ),
  );
  const fieldTypes = withTimestampDates(request);
  for (const [name, documents] of byIndex) {
    const mapping = buildMapping(documents.map((document) => document._source), fieldTypes, neededFields);
    await step(`creating index "${name}"`, () =>
      run.resources.createIndex(name, () => cluster.client.indices.create({ index: name, mappings: mapping as estypes.MappingTypeMapping })),
    );
  }
  await load(cluster, request.documents, suffix, step);
  return { patterns, originalIndex, resultWindow, step };
}

export async function replaySearch(cluster: ClusterContext, request: RuleSearch, run: RunContext): Promise<EqlSearchResponse> {
  const loaded = await loadRun(cluster, request, requiredFields(request), run);
  if (loaded === undefined) return noHits();
  const { patterns, resultWindow, step } = loaded;
  const { options } = request;
  const raw = await step('running the EQL search', () =>
    cluster.client.eql.search({
      index: patterns,
      query: request.queryText,
      ...(request.window === undefined ? {} : { filter: windowFilter(request, request.window) }),
      ...(options.timestamp_field === undefined ? {} : { timestamp_field: options.timestamp_field }),
      ...(options.event_category_field === undefined ? {} : { event_category_field: options.event_category_field }),
      ...(options.tiebreaker_field === undefined ? {} : { tiebreaker_field: options.tiebreaker_field }),
      ...(options.size === undefined ? {} : { size: Math.min(options.size, resultWindow) }),
      ...(options.result_position === undefined ? {} : { result_position: options.result_position }),
      ...(options.max_samples_per_key === undefined ? {} : { max_samples_per_key: options.max_samples_per_key }),
      allow_no_indices: true,
      ignore_unavailable: true,
    }),
  );
  return toEqlSearchResponse(raw as RawEqlResponse, loaded.originalIndex);
}

/**
 * The look-back range filter as Kibana's detection engine builds it: on the timestamp field, or,
 * with a fallback, on the fallback field for documents that lack the timestamp field.
 */
/** The range filter of the look-back window on the timestamp field, with Kibana's fallback to @timestamp. */
export function windowFilter(request: SearchScope, window: { readonly from: number; readonly to: number }): estypes.QueryDslQueryContainer {
  const range = (field: string): estypes.QueryDslQueryContainer => ({ range: { [field]: { gte: window.from, lte: window.to, format: 'epoch_millis' } } });
  const fallback = request.fallbackTimestampField;
  if (fallback === undefined) return range(request.timestampField);
  return {
    bool: {
      minimum_should_match: 1,
      should: [range(request.timestampField), { bool: { filter: [range(fallback), { bool: { must_not: { exists: { field: request.timestampField } } } }] } }],
    },
  };
}

function checkDocuments(documents: readonly EventDocument[]): void {
  for (const [position, document] of documents.entries()) {
    const where = `document ${position + 1} (_id "${document._id}")`;
    const problem = indexNameProblem(document._index);
    if (problem !== undefined) {
      throw new ReplayRunError(`${where}: _index "${document._index}" is not a valid Elasticsearch index name: ${problem}`);
    }
    if (typeof document._source !== 'object' || document._source === null || Array.isArray(document._source)) {
      throw new ReplayRunError(`${where}: _source must be an object of fields`);
    }
  }
}

function groupByRunIndex(documents: readonly EventDocument[], suffix: string): Map<string, EventDocument[]> {
  const groups = new Map<string, EventDocument[]>();
  for (const document of documents) {
    const name = runIndexName(document._index, suffix);
    const group = groups.get(name);
    if (group) group.push(document);
    else groups.set(name, [document]);
  }
  return groups;
}

/** The timestamp fields must be dates for EQL to order events, even when no catalogue types them. */
function withTimestampDates(request: SearchScope & { options?: RuleSearch['options'] }): FieldTypes {
  const date: FieldMapping = { type: 'date' };
  const timestamps = [request.timestampField, request.options?.timestamp_field ?? '@timestamp', ...(request.fallbackTimestampField ? [request.fallbackTimestampField] : [])];
  return new Map([...timestamps.map((name): [string, FieldMapping] => [name, date]), ...request.fieldTypes]);
}

/** Fields Elasticsearch needs mapped for the search, whether or not a document carries them. */
function requiredFields(request: RuleSearch): string[] {
  const { options } = request;
  return [
    ...fieldsOf(request.query).map((field) => field.name),
    request.timestampField,
    ...(request.fallbackTimestampField ? [request.fallbackTimestampField] : []),
    options.timestamp_field ?? '@timestamp',
    options.event_category_field ?? 'event.category',
    ...(options.tiebreaker_field === undefined ? [] : [options.tiebreaker_field]),
  ];
}

interface BulkItem {
  status?: number;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

async function load(
  cluster: ClusterContext,
  documents: readonly EventDocument[],
  suffix: string,
  step: <T>(operation: string, action: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const rejections: string[] = [];
  for (let start = 0; start < documents.length; start += BULK_BATCH) {
    const batch = documents.slice(start, start + BULK_BATCH);
    // `create`, not `index`: a repeated _id in one index is an error in the test data, not an overwrite.
    const operations = batch.flatMap((document) => [
      { create: { _index: runIndexName(document._index, suffix), _id: document._id } },
      document._source,
    ]);
    const response = await step(`loading documents ${start + 1}-${start + batch.length}`, () =>
      cluster.client.bulk({ operations, refresh: true }, { headers: NDJSON_HEADERS }),
    );
    if (!response.errors) continue;
    for (const [offset, item] of response.items.entries()) {
      const result = Object.values(item)[0] as BulkItem | undefined;
      if (result?.error === undefined) continue;
      const document = batch[offset] as EventDocument;
      const cause = result.error.caused_by?.reason ? ` (${result.error.caused_by.reason})` : '';
      rejections.push(
        `document ${start + offset + 1} (_index "${document._index}", _id "${document._id}"): ${result.error.type ?? 'error'}: ${result.error.reason ?? 'no reason given'}${cause}`,
      );
    }
  }
  if (rejections.length > 0) {
    const shown = rejections.slice(0, MAX_REPORTED_REJECTIONS);
    const more = rejections.length > shown.length ? `\n  and ${rejections.length - shown.length} more` : '';
    throw new ReplayRunError(`Elasticsearch rejected ${rejections.length} test document(s):\n  ${shown.join('\n  ')}${more}`);
  }
}
