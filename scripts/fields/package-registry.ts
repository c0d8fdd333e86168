// The Elastic Package Registry's HTTP API, the three calls `fields sync` needs (elastic/package-registry,
// README.md "API" and docs/api/): `/search?package=<name>` lists the newest version of a package,
// `/package/<name>/<version>/` describes one version, and its `download` path serves the package .zip.
export const DEFAULT_REGISTRY = 'https://epr.elastic.co';
const TIMEOUT_MS = 60_000;

/** The registry could not give the package: the message says what to do. */
export class RegistryError extends Error {}

export interface RegistryPackage {
  readonly name: string;
  readonly version: string;
  /** Path of the .zip on the registry: `/epr/okta/okta-2.5.0.zip`. */
  readonly download: string;
}

async function get(registry: string, pathAndQuery: string): Promise<Response> {
  const url = new URL(pathAndQuery, registry.endsWith('/') ? registry : `${registry}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new RegistryError(`cannot reach the package registry at ${url.origin} (${reason}): check --registry / EPR_URL, or read packages from disk with --packages-dir`);
  }
  return response;
}

async function json(response: Response, what: string): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new RegistryError(`the registry answered ${what} with something that is not JSON: is --registry a package registry?`);
  }
}

const isPackage = (value: unknown): value is RegistryPackage => {
  const record = value as Partial<RegistryPackage> | null;
  return typeof record?.name === 'string' && typeof record.version === 'string' && typeof record.download === 'string';
};

/** The package `name` at `version`, or its newest version. */
export async function resolvePackage(registry: string, name: string, version?: string): Promise<RegistryPackage> {
  if (version !== undefined) {
    const response = await get(registry, `package/${encodeURIComponent(name)}/${encodeURIComponent(version)}/`);
    if (response.status === 404) throw new RegistryError(`the registry has no ${name} ${version}: check the version (npm run fields -- sync ${name} takes the newest)`);
    if (!response.ok) throw new RegistryError(`the registry answered ${response.status} for ${name} ${version}`);
    const body = await json(response, `${name} ${version}`);
    if (!isPackage(body)) throw new RegistryError(`the registry's description of ${name} ${version} has no name, version and download`);
    return body;
  }
  const response = await get(registry, `search?package=${encodeURIComponent(name)}`);
  if (!response.ok) throw new RegistryError(`the registry answered ${response.status} to a search for ${name}`);
  const body = await json(response, `the search for ${name}`);
  const found = Array.isArray(body) ? body.filter(isPackage).filter((entry) => entry.name === name) : [];
  const newest = found.at(-1);
  if (!newest) throw new RegistryError(`the registry has no package named ${name}: check the name in the rule's metadata.integration`);
  return newest;
}

// Integration packages weigh a few MiB, screenshots included; far more is not a package.
const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

/** The package's .zip bytes. */
export async function downloadPackage(registry: string, pkg: RegistryPackage): Promise<Uint8Array> {
  const response = await get(registry, pkg.download.replace(/^\//, ''));
  if (!response.ok) throw new RegistryError(`the registry answered ${response.status} to the download of ${pkg.name} ${pkg.version} (${pkg.download})`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_PACKAGE_BYTES) {
    await response.body?.cancel();
    throw new RegistryError(`the registry offers ${pkg.name} ${pkg.version} as ${response.headers.get('content-length')} bytes, more than any integration package: check --registry`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
