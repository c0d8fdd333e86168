// The Elasticsearch replay backend: the same contract as the embedded engine, answered by a
// real cluster (ES_URL) or a throwaway container (--es-container). Each search gets indices
// of its own, named after the documents' `_index` plus a unique suffix, deleted when the search
// ends, fails, or the process is interrupted.
import type { DslRuleSearch, EqlBackend, EsqlRuleSearch, RuleSearch } from '../../testing/backend.js';
import type { EsqlResult } from '../esql/run-query.js';
import type { DetectionResponse, EqlSearchResponse } from '../types.js';
import { createClient } from './client.js';
import { elasticsearchConnectionFromEnv, secretsOf, type ElasticsearchConnection } from './connection.js';
import { startElasticsearchContainer, type RunningElasticsearch } from './container.js';
import { EnvironmentError, ReplayRunError } from './errors.js';
import { describeFailure } from './failure.js';
import { cleanUpOnInterrupt, type InterruptOptions } from './interrupt.js';
import { detectionSearch } from './detection-search.js';
import { esqlSearch } from './esql-search.js';
import { replaySearch, type ClusterContext, type RunContext } from './replay-search.js';
import { RunResources } from './run-resources.js';
import { isValidRunId, newRunId } from './run-indices.js';

export { elasticsearchConnectionFromEnv, type ElasticsearchAuth, type ElasticsearchConnection } from './connection.js';
export { EnvironmentError, ReplayRunError } from './errors.js';
export { DEFAULT_ES_IMAGE } from './container.js';

export interface ElasticsearchBackendOptions {
  /** The cluster's address; default ES_URL. */
  readonly url?: string;
  /** Start a throwaway single-node cluster with Docker instead. */
  readonly container?: boolean;
  /** Where ES_URL, ES_API_KEY, ES_USERNAME, ES_PASSWORD, ES_CA_CERT and ES_IMAGE come from; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Lowercase letters and digits naming this run in index names; default time plus randomness. */
  readonly runId?: string;
  /** How SIGINT/SIGTERM are observed and the process exits (tests replace them). */
  readonly interrupt?: InterruptOptions;
}

export async function createElasticsearchBackend(options: ElasticsearchBackendOptions): Promise<EqlBackend> {
  const env = options.env ?? process.env;
  const runId = options.runId ?? newRunId();
  if (!isValidRunId(runId)) {
    throw new EnvironmentError(`run id "${runId}" must be 1 to 32 lowercase letters and digits: it becomes part of index names`);
  }
  let container: RunningElasticsearch | undefined;
  let connection: ElasticsearchConnection | undefined;
  if (options.container) {
    container = await startElasticsearchContainer(env);
    connection = { url: new URL(container.url), auth: undefined, caCert: undefined };
  } else {
    connection = elasticsearchConnectionFromEnv(env, options.url ?? env.ES_URL);
  }
  if (connection === undefined) {
    throw new EnvironmentError(
      'no Elasticsearch to replay on: set ES_URL (with ES_API_KEY, or ES_USERNAME and ES_PASSWORD) to use an existing cluster, or use --es-container where Docker runs',
    );
  }
  const cluster: ClusterContext = { client: createClient(connection), url: connection.url.origin, secrets: secretsOf(connection) };
  try {
    // Fail here, once, on a wrong URL, certificate or credentials rather than in every test case.
    // A refused connection or bad certificate will not fix itself: say so at once, without retries.
    await cluster.client.info({}, { maxRetries: 0 });
  } catch (error) {
    await cluster.client.close();
    await container?.stop();
    throw describeFailure(error, 'connecting', cluster.url, cluster.secrets);
  }
  return new ElasticsearchBackend(cluster, runId, container, options.interrupt);
}

class ElasticsearchBackend implements EqlBackend {
  readonly name = 'elasticsearch';
  readonly #pending = new Set<RunResources>();
  readonly #removeInterruptHandlers: () => void;
  #sequence = 0;
  #closed = false;

  constructor(
    private readonly cluster: ClusterContext,
    private readonly runId: string,
    private readonly container: RunningElasticsearch | undefined,
    interrupt: InterruptOptions | undefined,
  ) {
    this.#removeInterruptHandlers = cleanUpOnInterrupt(async () => {
      try {
        await this.#releaseAll();
      } finally {
        await this.container?.stop();
      }
    }, interrupt);
  }

  search(request: RuleSearch): Promise<EqlSearchResponse> {
    return this.#withRun((run) => replaySearch(this.cluster, request, run));
  }

  detect(request: DslRuleSearch): Promise<DetectionResponse> {
    return this.#withRun((run) => detectionSearch(this.cluster, request, run));
  }

  esql(request: EsqlRuleSearch): Promise<EsqlResult> {
    return this.#withRun((run) => esqlSearch(this.cluster, request, run));
  }

  /** Runs one search with indices of its own, released whatever the outcome. */
  async #withRun<T>(action: (run: RunContext) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('the Elasticsearch backend is closed');
    this.#sequence += 1;
    const resources = new RunResources(this.cluster.client);
    this.#pending.add(resources);
    let failure: unknown;
    let response: T | undefined;
    try {
      response = await action({ runId: this.runId, sequence: this.#sequence, resources });
    } catch (error) {
      failure = error;
    }
    const leftover = await this.#release(resources);
    if (failure !== undefined) {
      if (leftover !== undefined && failure instanceof Error) failure.message += `\n${leftover.message}`;
      throw failure;
    }
    if (leftover !== undefined) throw leftover;
    return response as T;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#removeInterruptHandlers();
    try {
      await this.#releaseAll();
    } finally {
      await this.cluster.client.close();
      await this.container?.stop();
    }
  }

  /** Deletes one search's indices and template; the error to report if some remain. */
  async #release(resources: RunResources): Promise<Error | undefined> {
    const names = [...resources.indices, ...resources.templates];
    try {
      await resources.release();
      this.#pending.delete(resources);
      return undefined;
    } catch (error) {
      const described = describeFailure(error, 'deleting the run\'s indices', this.cluster.url, this.cluster.secrets);
      const reason = described instanceof Error ? described.message : String(described);
      return new ReplayRunError(`could not delete replay indices and template ${names.join(', ')} (delete them by hand): ${reason}`);
    }
  }

  async #releaseAll(): Promise<void> {
    const failures: string[] = [];
    for (const resources of [...this.#pending]) {
      const leftover = await this.#release(resources);
      if (leftover !== undefined) failures.push(leftover.message);
    }
    if (failures.length > 0) throw new ReplayRunError(failures.join('\n'));
  }
}
