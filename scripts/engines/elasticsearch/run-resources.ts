// What one replay search has put on the cluster: its index template and indices. A name is
// recorded before the request that creates it (so an interrupt during that request still
// deletes it) and forgotten when Elasticsearch answers that it did not create it.
import { errors, type Client } from '@elastic/elasticsearch';

export class RunResources {
  readonly #indices = new Set<string>();
  readonly #templates = new Set<string>();

  constructor(private readonly client: Client) {}

  get indices(): readonly string[] {
    return [...this.#indices];
  }

  get templates(): readonly string[] {
    return [...this.#templates];
  }

  /** Runs `create` for `name`, recording it as this run's unless Elasticsearch refused it. */
  async createIndex(name: string, create: () => Promise<unknown>): Promise<void> {
    await recordWhile(this.#indices, name, create);
  }

  async createTemplate(name: string, create: () => Promise<unknown>): Promise<void> {
    await recordWhile(this.#templates, name, create);
  }

  /**
   * Deletes everything recorded, by exact name. The template is deleted even when deleting the
   * indices failed; the first failure is thrown after both attempts.
   */
  async release(): Promise<void> {
    const failures: unknown[] = [];
    const indices = this.indices;
    if (indices.length > 0) {
      try {
        // Exact names only, never a wildcard: nothing outside the run can be hit.
        await this.client.indices.delete({ index: [...indices], ignore_unavailable: true, expand_wildcards: 'none' });
        for (const name of indices) this.#indices.delete(name);
      } catch (error) {
        failures.push(error);
      }
    }
    for (const name of this.templates) {
      try {
        await this.client.indices.deleteIndexTemplate({ name }, { ignore: [404] });
        this.#templates.delete(name);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

async function recordWhile(names: Set<string>, name: string, create: () => Promise<unknown>): Promise<void> {
  names.add(name);
  try {
    await create();
  } catch (error) {
    // An answer from Elasticsearch means nothing was created; a lost answer may hide a success.
    if (error instanceof errors.ResponseError) names.delete(name);
    throw error;
  }
}
