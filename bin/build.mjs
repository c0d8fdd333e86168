// @ts-check
// Bundles the TypeScript command line into plain JavaScript under dist/, so that a command does not
// pay for a TypeScript loader at every start (tsx stays for development and tests). One ES module
// per command (code splitting keeps cli.ts's lazy imports lazy); packages that are large and rarely
// needed, or that load files of their own, stay outside. Run by `npm ci` (prepare), by
// `npm run build`, and by bin/cli.mjs whenever a source file changed since the last build.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(REPO_ROOT, 'dist');
/** Names the current build's folder and the files it was made from, with their stamps. */
export const CURRENT = path.join(DIST, 'current.json');

// Besides the bundled sources, a build is stale when these change.
const EXTRA_INPUTS = ['package-lock.json', 'bin/build.mjs'];
// Loaded only by the commands that talk to a cluster, or resolved at run time by createRequire.
const EXTERNAL = ['@elastic/elasticsearch', 'testcontainers', 'ajv', 'ajv-formats', '@elastic/ecs', 'esbuild', 'tsx'];

/** @param {string} relative a path relative to the repository */
export function stamp(relative) {
  const stats = statSync(path.join(REPO_ROOT, relative), { throwIfNoEntry: false });
  return stats ? `${stats.mtimeMs}:${stats.size}` : 'missing';
}

/** Builds into a new folder and makes it current; returns that folder's name. */
export async function build() {
  const name = `build-${Date.now()}-${process.pid}`;
  const outdir = path.join(DIST, name);
  const result = await esbuild({
    absWorkingDir: REPO_ROOT,
    entryPoints: { cli: 'scripts/cli.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages (commander) require Node's built-ins; an ES module has no `require`.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'silent',
  });
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const file of [...sources, ...EXTRA_INPUTS]) inputs[file] = stamp(file);
  // Written whole, then renamed: a command starting now reads the old build or the new, never half.
  const temporary = `${CURRENT}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify({ build: name, inputs }, null, 1)}\n`);
  renameSync(temporary, CURRENT);
  removeOldBuilds(name);
  return name;
}

/** Keeps the new build and the one before it (a command may still be loading its chunks). */
function removeOldBuilds(/** @type {string} */ current) {
  const builds = readdirSync(DIST)
    .filter((entry) => entry.startsWith('build-') && entry !== current)
    .map((entry) => ({ entry, time: statSync(path.join(DIST, entry)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { entry } of builds.slice(1)) rmSync(path.join(DIST, entry), { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  mkdirSync(DIST, { recursive: true });
  try {
    const name = await build();
    process.stdout.write(`built dist/${name} in ${Math.round(performance.now() - started)} ms\n`);
  } catch (error) {
    // Not fatal for `npm ci`: bin/cli.mjs then runs the sources with tsx, and says so.
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = process.argv.includes('--strict') ? 1 : 0;
  }
}
