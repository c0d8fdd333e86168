// Where the repository's own files are, whatever the working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const schemaPath = (name: string): string => path.join(REPO_ROOT, 'schemas', name);

/** ../shared beside the checkout: read-only data that tests and benchmarks may use when present. */
export const SHARED_ROOT = path.resolve(REPO_ROOT, '../shared');
