// One run of an ES|QL rule on a real cluster: the documents loaded into the run's own indices, the
// query's FROM rewritten to name them, then `_query` with the range filter Kibana's ES|QL executor
// adds (security_solution/server/lib/detection_engine/rule_types/esql/build_esql_search_request.ts).
// `_index` values in the answer are mapped back to the documents' own index names.
import type { EsqlResult } from '../esql/run-query.js';
import type { EsqlRuleSearch } from '../../testing/backend.js';
import { ReplayRunError } from './errors.js';
import { loadRun, windowFilter, type ClusterContext, type RunContext } from './replay-search.js';
import { runPatterns, runSuffix } from './run-indices.js';
import { columnType } from '../../esql/types.js';

/** The `_query` answer as Elasticsearch documents it (EsqlQueryResponse): typed columns and rows. */
interface RawEsqlResponse {
  columns: { name: string; type: string }[];
  values: unknown[][];
}

function isEsqlResponse(body: unknown): body is RawEsqlResponse {
  if (typeof body !== 'object' || body === null) return false;
  const { columns, values } = body as Partial<RawEsqlResponse>;
  return (
    Array.isArray(columns) &&
    columns.every((column) => typeof column === 'object' && column !== null && typeof column.name === 'string' && typeof column.type === 'string') &&
    Array.isArray(values) &&
    values.every((row) => Array.isArray(row) && row.length === columns.length)
  );
}

/** The query text with each index pattern of its source command replaced by the run's pattern. */
export function queryOnRunIndices(request: EsqlRuleSearch, runPatternOf: (pattern: string) => string): string {
  const source = request.query.commands[0];
  if (source === undefined || (source.kind !== 'from' && source.kind !== 'ts')) return request.queryText;
  let text = request.queryText;
  // From the last pattern back, so earlier offsets stay valid.
  for (const index of [...source.indices].reverse()) {
    const name = index.cluster ? `${index.cluster}:${index.name}` : index.name;
    text = `${text.slice(0, index.offset)}${runPatternOf(name)}${text.slice(index.end)}`;
  }
  return text;
}

export async function esqlSearch(cluster: ClusterContext, request: EsqlRuleSearch, run: RunContext): Promise<EsqlResult> {
  // Every field of the run's mapping, those no document holds included: ES|QL refuses a column its indices do not map.
  const loaded = await loadRun(cluster, request, [request.timestampField, ...request.fieldTypes.keys()], run);
  const empty: EsqlResult = { columns: [], values: [], warnings: [] };
  if (loaded === undefined) return empty;
  const { originalIndex, step } = loaded;
  // Each pattern of FROM becomes the run's own (a quoted "a,b" becomes both of its parts).
  const suffix = runSuffix(run.runId, run.sequence);
  const query = queryOnRunIndices(request, (pattern) => runPatterns([pattern], suffix).join(','));
  const answer: unknown = await step('running the ES|QL query', () =>
    cluster.client.esql.query({ query, ...(request.window === undefined ? {} : { filter: windowFilter(request, request.window) }) }),
  );
  if (!isEsqlResponse(answer)) {
    throw new ReplayRunError(`${cluster.url} POST /_query answered without the documented "columns" and "values": ${JSON.stringify(answer).slice(0, 300)}`);
  }
  const indexColumn = answer.columns.findIndex((column) => column.name === '_index');
  const values = indexColumn < 0 ? answer.values : answer.values.map((row) => row.map((value, n) => (n === indexColumn && typeof value === 'string' ? (originalIndex.get(value) ?? value) : value)));
  return { columns: answer.columns.map((column) => ({ name: column.name, type: columnType(column.type) })), values, warnings: [] };
}
