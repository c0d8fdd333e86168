// Where the repository's own files are, whatever the working directory.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this module with a package.json: scripts/.. here, dist/<build>/../.. in a build. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

export const schemaPath = (name: string): string => path.join(REPO_ROOT, 'schemas', name);

/** Third-party data kept in the repository (sources and licenses in vendor/NOTICE.md). */
export const VENDOR_ROOT = path.join(REPO_ROOT, 'vendor');
