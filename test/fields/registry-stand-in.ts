// A stand-in for the Elastic Package Registry on 127.0.0.1, answering the three calls of its API
// that `fields sync` makes, as elastic/package-registry documents them (README.md "API",
// docs/api/search-package-example.json, docs/api/package.json): /search?package=<name> lists the
// newest version, /package/<name>/<version>/ describes one, /epr/<name>/<name>-<version>.zip is the
// package. The packages are zipped from real package folders, one `<name>-<version>/` folder per zip.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { zipSync } from 'fflate';

/** Every file under `dir`, keyed `<prefix>/<relative path>`. */
function filesOf(dir: string, prefix: string, into: Record<string, Uint8Array> = {}): Record<string, Uint8Array> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) filesOf(full, `${prefix}/${entry}`, into);
    else into[`${prefix}/${entry}`] = readFileSync(full);
  }
  return into;
}

/** The .zip the registry serves for the package folder `dir` at `version` (its manifest says that version). */
export function zipPackage(dir: string, name: string, version: string): Uint8Array {
  const files = filesOf(dir, `${name}-${version}`);
  const manifest = `${name}-${version}/manifest.yml`;
  files[manifest] = Buffer.from(readFileSync(path.join(dir, 'manifest.yml'), 'utf8').replace(/^version: .*$/m, `version: "${version}"`));
  return zipSync(files);
}

interface Hosted {
  readonly name: string;
  readonly version: string;
  readonly zip: Uint8Array;
}

export class RegistryStandIn {
  readonly requests: string[] = [];
  private constructor(
    private readonly server: Server,
    private readonly packages: readonly Hosted[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  static async start(packages: readonly Hosted[]): Promise<RegistryStandIn> {
    let standIn: RegistryStandIn | undefined;
    const server = createServer((request, response) => standIn!.answer(request.url ?? '/', response));
    standIn = new RegistryStandIn(server, packages);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  private describe(pkg: Hosted): object {
    return { name: pkg.name, version: pkg.version, title: pkg.name, type: 'integration', download: `/epr/${pkg.name}/${pkg.name}-${pkg.version}.zip`, path: `/package/${pkg.name}/${pkg.version}` };
  }

  private answer(url: string, response: import('node:http').ServerResponse): void {
    this.requests.push(url);
    const parsed = new URL(url, 'http://registry');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (parsed.pathname === '/search') {
      const name = parsed.searchParams.get('package');
      const versions = this.packages.filter((pkg) => pkg.name === name);
      json(200, versions.length > 0 ? [this.describe(versions.at(-1)!)] : []);
      return;
    }
    const described = /^\/package\/([^/]+)\/([^/]+)\/?$/.exec(parsed.pathname);
    if (described) {
      const pkg = this.packages.find((candidate) => candidate.name === described[1] && candidate.version === described[2]);
      if (pkg) json(200, this.describe(pkg));
      else json(404, { error: 'package not found' });
      return;
    }
    const download = /^\/epr\/([^/]+)\/([^/]+)\.zip$/.exec(parsed.pathname);
    const pkg = download && this.packages.find((candidate) => `${candidate.name}-${candidate.version}` === download[2]);
    if (pkg) {
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': pkg.zip.length });
      response.end(Buffer.from(pkg.zip));
      return;
    }
    json(404, { error: 'not found' });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
