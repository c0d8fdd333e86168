#!/usr/bin/env node
// @ts-check
// The command line as users run it (npm run validate, npm start, …): the JavaScript build in dist/
// when it is current, rebuilt first when a source changed since (bin/build.mjs), and the TypeScript
// sources through tsx only if building fails. Checking that the build is current costs a stat per
// source file; nothing heavier is loaded before the command itself.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(REPO_ROOT, 'dist');

/** The current build's folder, or undefined when there is none or a source changed since. */
function currentBuild() {
  let current;
  try {
    current = /** @type {{ build: string, inputs: Record<string, string> }} */ (JSON.parse(readFileSync(path.join(DIST, 'current.json'), 'utf8')));
  } catch {
    return undefined;
  }
  // A file another version of this launcher wrote, or one cut short: no usable build.
  if (typeof current?.build !== 'string' || typeof current.inputs !== 'object' || current.inputs === null) return undefined;
  for (const [file, stamp] of Object.entries(current.inputs)) {
    const stats = statSync(path.join(REPO_ROOT, file), { throwIfNoEntry: false });
    if ((stats ? `${stats.mtimeMs}:${stats.size}` : 'missing') !== stamp) return undefined;
  }
  return current.build;
}

async function freshBuild() {
  try {
    mkdirSync(DIST, { recursive: true });
    return await (await import('./build.mjs')).build();
  } catch (error) {
    process.stderr.write(`note: cannot build dist/ (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running the TypeScript sources with tsx\n`);
    return undefined;
  }
}

const build = currentBuild() ?? (await freshBuild());
if (build !== undefined) {
  const { runAsProcess } = await import(pathToFileURL(path.join(DIST, build, 'cli.js')).href);
  runAsProcess();
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    const { runAsProcess } = await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'cli.ts')).href);
    runAsProcess();
  } catch (error) {
    process.stderr.write(`cannot run the TypeScript sources either (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run npm ci\n`);
    process.exitCode = 2;
  }
}
