// --es-container where no Docker engine runs: a clear EnvironmentError, within seconds.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startElasticsearchContainer } from '../../../scripts/engines/elasticsearch/container.js';
import { createElasticsearchBackend, EnvironmentError } from '../../../scripts/engines/elasticsearch/index.js';

// Where Docker does run, these tests would start a real container: leave that to a real run.
const dockerPresent = existsSync('/var/run/docker.sock') || Boolean(process.env.DOCKER_HOST);
if (dockerPresent) console.log('skipped: a Docker engine is present, so --es-container would really start Elasticsearch');

describe.skipIf(dockerPresent)(`--es-container without Docker${dockerPresent ? ' (skipped: Docker present)' : ''}`, () => {
  it('fails with an EnvironmentError that says to set ES_URL, within a few seconds', async () => {
    const started = Date.now();
    const attempt = createElasticsearchBackend({ container: true, env: {} });
    await expect(attempt).rejects.toBeInstanceOf(EnvironmentError);
    await expect(attempt).rejects.toThrow(/^Docker is not available: .+; set ES_URL to use an existing cluster instead of --es-container$/s);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('--es-container failure messages', () => {
  it('reports the container runtime\'s reason when no engine answers', async () => {
    const fakeTestcontainers = {
      getContainerRuntimeClient: () => Promise.reject(new Error('Could not find a working container runtime strategy')),
    } as unknown as typeof import('testcontainers');
    await expect(startElasticsearchContainer({}, () => Promise.resolve(fakeTestcontainers))).rejects.toThrow(
      'Docker is not available: Could not find a working container runtime strategy; set ES_URL to use an existing cluster instead of --es-container',
    );
  });

  it('reports a testcontainers library that cannot load on this Node', async () => {
    await expect(startElasticsearchContainer({}, () => Promise.reject(new TypeError('createZstdDecompress is undefined')))).rejects.toThrow(
      new RegExp(`^Docker is not available: the testcontainers library cannot be loaded on Node ${process.version.replace(/\./g, '\\.')}( \\(it needs Node [^)]+\\))?: createZstdDecompress is undefined; set ES_URL`),
    );
  });

  it('names the image when the container cannot start', async () => {
    class FailingContainer {
      constructor(readonly image: string) {}
      withEnvironment() { return this; }
      withExposedPorts() { return this; }
      withWaitStrategy() { return this; }
      withStartupTimeout() { return this; }
      start(): Promise<never> { return Promise.reject(new Error(`pull access denied for ${this.image}`)); }
    }
    const fakeTestcontainers = {
      getContainerRuntimeClient: () => Promise.resolve({}),
      GenericContainer: FailingContainer,
      Wait: { forHttp: () => ({ forStatusCode: () => ({}) }) },
    } as unknown as typeof import('testcontainers');
    await expect(startElasticsearchContainer({ ES_IMAGE: 'example/elasticsearch:0.0.0' }, () => Promise.resolve(fakeTestcontainers))).rejects.toThrow(
      'could not start example/elasticsearch:0.0.0: pull access denied for example/elasticsearch:0.0.0; check that Docker can pull it (or set ES_IMAGE)',
    );
  });
});
