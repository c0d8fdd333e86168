// Picks the replay backend from the command line: the embedded engine by default, or a real
// Elasticsearch from ES_URL (or a throwaway container with --es-container).
import { UsageError } from '../report/command-line.js';
import type { EqlBackend } from './backend.js';
import { createEmbeddedBackend } from './embedded-backend.js';

export type EngineName = 'embedded' | 'elasticsearch';

export async function openBackend(engine: EngineName, options: { esContainer?: boolean } = {}): Promise<EqlBackend> {
  if (engine === 'embedded') {
    if (options.esContainer) throw new UsageError('--es-container goes with --engine elasticsearch');
    return createEmbeddedBackend();
  }
  // Loaded only when asked for: the client and testcontainers cost start-up time.
  const { createElasticsearchBackend, EnvironmentError } = await import('../engines/elasticsearch/index.js');
  try {
    return await createElasticsearchBackend({ container: options.esContainer === true });
  } catch (error) {
    if (error instanceof EnvironmentError) throw new UsageError(error.message);
    throw error;
  }
}
