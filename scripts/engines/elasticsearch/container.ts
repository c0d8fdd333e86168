// A throwaway single-node Elasticsearch for `--es-container`, started with testcontainers where
// a Docker engine runs. Security is off: the container listens on a random local port and is
// removed when the run ends (testcontainers' reaper removes it even if this process dies).
import { createRequire } from 'node:module';
import { EnvironmentError } from './errors.js';

type Testcontainers = typeof import('testcontainers');

export const DEFAULT_ES_IMAGE = 'docker.elastic.co/elasticsearch/elasticsearch:9.4.1';
const HTTP_PORT = 9200;
/** Pulling the image and starting the JVM: minutes on a cold machine. */
const STARTUP_TIMEOUT_MS = 300_000;
/** Finding the Docker engine should be quick; a hang means there is none usable. */
const RUNTIME_TIMEOUT_MS = 15_000;

export interface RunningElasticsearch {
  readonly url: string;
  readonly image: string;
  stop(): Promise<void>;
}

const noDocker = (reason: string): EnvironmentError =>
  new EnvironmentError(`Docker is not available: ${reason}; set ES_URL to use an existing cluster instead of --es-container`);

/** Starts the container (image from ES_IMAGE, else DEFAULT_ES_IMAGE) and waits until it is healthy. */
export async function startElasticsearchContainer(
  env: NodeJS.ProcessEnv = process.env,
  load: () => Promise<Testcontainers> = () => import('testcontainers'),
): Promise<RunningElasticsearch> {
  const image = env.ES_IMAGE || DEFAULT_ES_IMAGE;
  let testcontainers: Testcontainers;
  try {
    testcontainers = await load();
  } catch (error) {
    throw noDocker(`the testcontainers library cannot be loaded on Node ${process.version}${nodeRequirement()}: ${messageOf(error)}`);
  }
  await withTimeout(testcontainers.getContainerRuntimeClient(), RUNTIME_TIMEOUT_MS).catch((error: unknown) => {
    throw noDocker(messageOf(error));
  });
  const { GenericContainer, Wait } = testcontainers;
  try {
    const container = await new GenericContainer(image)
      .withEnvironment({
        'discovery.type': 'single-node',
        'xpack.security.enabled': 'false',
        ES_JAVA_OPTS: '-Xms512m -Xmx512m',
        // No downloads at start-up, and no read-only indices on a nearly full disk.
        'ingest.geoip.downloader.enabled': 'false',
        'cluster.routing.allocation.disk.threshold_enabled': 'false',
      })
      .withExposedPorts(HTTP_PORT)
      .withWaitStrategy(
        Wait.forHttp('/_cluster/health?wait_for_status=yellow&timeout=5s', HTTP_PORT).forStatusCode(200),
      )
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .start();
    let stopping: Promise<unknown> | undefined;
    return {
      url: `http://${container.getHost()}:${container.getMappedPort(HTTP_PORT)}`,
      image,
      // Both close() and an interrupt may stop it; the second call waits for the first.
      stop: async () => {
        stopping ??= container.stop();
        await stopping;
      },
    };
  } catch (error) {
    throw new EnvironmentError(
      `could not start ${image}: ${messageOf(error)}; check that Docker can pull it (or set ES_IMAGE), or set ES_URL to use an existing cluster`,
    );
  }
}

/** The Node versions the installed testcontainers declares, as " (it needs Node …)", when known. */
function nodeRequirement(): string {
  try {
    const manifest = createRequire(import.meta.url)('testcontainers/package.json') as { engines?: { node?: string } };
    return manifest.engines?.node ? ` (it needs Node ${manifest.engines.node})` : '';
  } catch {
    return '';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no container runtime answered within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
