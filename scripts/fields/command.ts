// `npm run fields -- sync [PACKAGE[@VERSION]...] [--registry URL] [--packages-dir DIR] [--from-cluster]`:
// writes one field catalogue per integration package to schemas/fields/integrations/, with the
// versions in packages.lock.json. Without PACKAGE, the packages the rules name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { createClient } from '../engines/elasticsearch/client.js';
import { elasticsearchConnectionFromEnv } from '../engines/elasticsearch/connection.js';
import { EnvironmentError } from '../engines/elasticsearch/errors.js';
import { relatedIntegrations } from '../kibana/payload.js';
import { REPO_ROOT } from '../project-paths.js';
import { runCommand, UsageError } from '../report/command-line.js';
import { loadRules } from '../rules/load.js';
import type { RuleFile } from '../rules/rule-file.js';
import { catalogueFromCluster, type FieldCapsResponse } from './cluster-fields.js';
import { ecsFieldType } from './field-catalogue.js';
import { packagesNamedBy } from './index-packages.js';
import { buildCatalogue, writeCatalogue, type IntegrationCatalogue } from './integration-catalogue.js';
import { packageFromDirectory, packageFromZip, PackageReadError, type PackageFiles } from './package-files.js';
import { DEFAULT_REGISTRY, downloadPackage, RegistryError, resolvePackage } from './package-registry.js';

interface SyncOptions {
  registry?: string;
  packagesDir?: string;
  fromCluster?: boolean;
  rules: string[];
  root?: string;
}

interface PackageRequest {
  readonly name: string;
  readonly version?: string;
  /** A .zip named on the command line. */
  readonly zip?: string;
}

function parseRequest(argument: string): PackageRequest {
  if (argument.toLowerCase().endsWith('.zip')) return { name: path.basename(argument).replace(/-\d[^/]*\.zip$|\.zip$/i, ''), zip: argument };
  const [name, version] = argument.split('@', 2) as [string, string | undefined];
  if (!/^[a-z0-9_]+$/.test(name)) throw new UsageError(`"${argument}" is not a package name: write NAME or NAME@VERSION (okta, okta@2.5.0) or a .zip file`);
  if (version === '') throw new UsageError(`"${argument}" has no version after @`);
  return version === undefined ? { name } : { name, version };
}

/** The packages a rule names: metadata.integration (as Kibana's related_integrations) and related_integrations. */
function rulePackages(rule: RuleFile): string[] {
  const related = rule.document.rule.related_integrations ?? [];
  return [...relatedIntegrations(rule.document.metadata.integration), ...related].map((entry) => entry.package);
}

/** The package in elastic/integrations' layout (`DIR/<name>/`), or its .zip in DIR (`<name>-<version>.zip`, newest first). */
function packageFromFolder(dir: string, request: PackageRequest): { files: PackageFiles; source: string } {
  const folder = path.join(dir, request.name);
  if (existsSync(path.join(folder, 'manifest.yml'))) return { files: packageFromDirectory(folder), source: `packages-dir ${dir}` };
  const zips = existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.startsWith(`${request.name}-`) && file.endsWith('.zip') && (request.version === undefined || file === `${request.name}-${request.version}.zip`))
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    : [];
  const zip = zips[0];
  if (zip === undefined) throw new PackageReadError(`${dir} holds neither ${request.name}/manifest.yml nor ${request.name}-${request.version ?? '<version>'}.zip`);
  return { files: packageFromZip(readFileSync(path.join(dir, zip)), zip), source: `packages-dir ${dir}` };
}

async function readPackage(request: PackageRequest, options: SyncOptions, registry: string): Promise<{ files: PackageFiles; source: string }> {
  if (request.zip !== undefined) {
    if (!existsSync(request.zip)) throw new PackageReadError(`${request.zip} does not exist`);
    return { files: packageFromZip(readFileSync(request.zip), request.zip), source: `zip ${path.basename(request.zip)}` };
  }
  if (options.packagesDir !== undefined) return packageFromFolder(options.packagesDir, request);
  const pkg = await resolvePackage(registry, request.name, request.version);
  return { files: packageFromZip(await downloadPackage(registry, pkg), `${pkg.name}-${pkg.version}.zip`), source: `registry ${registry}` };
}

async function clusterCatalogue(name: string, rules: readonly RuleFile[]): Promise<IntegrationCatalogue> {
  const connection = elasticsearchConnectionFromEnv();
  if (!connection) throw new EnvironmentError('--from-cluster needs ES_URL (and ES_API_KEY or ES_USERNAME/ES_PASSWORD)');
  // The rules' own patterns that name the package, or the package's data streams when no rule names it.
  const patterns = [...new Set(rules.flatMap((rule) => (rule.document.rule.index ?? []).filter((pattern) => packagesNamedBy([pattern]).includes(name))))];
  const asked = patterns.length > 0 ? patterns : [`logs-${name}.*`, `metrics-${name}.*`];
  const client = createClient(connection);
  try {
    const streams = [];
    for (const pattern of asked) {
      const response = (await client.fieldCaps({ index: pattern, fields: '*', ignore_unavailable: true, allow_no_indices: true })) as unknown as FieldCapsResponse;
      streams.push({ pattern, response });
    }
    return catalogueFromCluster(name, connection.url.origin, streams);
  } finally {
    await client.close();
  }
}

function describe(catalogue: IntegrationCatalogue): string {
  const fields = catalogue.data_streams.reduce((sum, stream) => sum + Object.keys(stream.fields).length, 0);
  const streams = catalogue.data_streams.length;
  return `${catalogue.package} ${catalogue.version}: ${streams} data stream${streams === 1 ? '' : 's'}, ${fields} fields`;
}

async function sync(requests: PackageRequest[], options: SyncOptions): Promise<number> {
  const registry = options.registry ?? process.env.EPR_URL ?? DEFAULT_REGISTRY;
  const needRules = requests.length === 0 || options.fromCluster === true;
  const loaded = needRules ? await loadRules(options.rules) : { rules: [] as RuleFile[] };
  if (requests.length === 0) {
    const names = [...new Set(loaded.rules.flatMap(rulePackages))].sort();
    if (names.length === 0) throw new UsageError(`the rules under ${options.rules.join(', ')} name no integration package (metadata.integration, related_integrations): name the packages to sync`);
    requests = names.map((name) => ({ name }));
  }
  let failed = 0;
  for (const request of requests) {
    try {
      const notes: string[] = [];
      const catalogue = options.fromCluster
        ? await clusterCatalogue(request.name, loaded.rules)
        : await readPackage(request, options, registry).then(({ files, source }) => buildCatalogue(files, source, ecsFieldType, notes));
      const file = writeCatalogue(options.root ?? REPO_ROOT, catalogue);
      process.stdout.write(`synced ${describe(catalogue)} → ${path.relative(process.cwd(), file) || file}\n`);
      for (const note of notes) process.stdout.write(`  note: ${note}\n`);
    } catch (error) {
      if (!(error instanceof RegistryError || error instanceof PackageReadError || error instanceof EnvironmentError)) {
        const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
        if (status === undefined) throw error;
        process.stderr.write(`fields sync: ${request.name}: the cluster answered ${status} to _field_caps\n`);
      } else process.stderr.write(`fields sync: ${request.name}: ${error.message}\n`);
      failed += 1;
    }
  }
  return failed > 0 ? 2 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('fields').description('Integration field catalogues for the field check.');
  const syncCommand = program
    .command('sync')
    .description('Write schemas/fields/integrations/<package>.json for each package (default: the packages the rules name) and record its version in packages.lock.json.')
    .argument('[packages...]', 'NAME, NAME@VERSION, or a package .zip file')
    .option('--registry <url>', `Elastic Package Registry (default: EPR_URL, else ${DEFAULT_REGISTRY})`)
    .option('--packages-dir <dir>', 'read packages from disk: DIR/<name>/ in elastic/integrations\' layout, or DIR/<name>-<version>.zip')
    .option('--from-cluster', 'build the catalogues from _field_caps of the cluster at ES_URL, for the rules\' index patterns')
    .option('--rules <paths...>', 'rule files or folders that name the packages', ['rules'])
    .option('--root <dir>', 'repository whose schemas/fields/integrations/ receives the catalogues (default: this checkout)');
  if (argv[0] !== 'sync') {
    program.outputHelp();
    return argv[0] === '--help' || argv[0] === '-h' ? 0 : 2;
  }
  return runCommand<SyncOptions>(syncCommand, argv.slice(1), async (options, args) => {
    if (options.fromCluster && options.packagesDir !== undefined) throw new UsageError('--from-cluster and --packages-dir exclude each other');
    return sync(args.map(parseRequest), options);
  });
}
