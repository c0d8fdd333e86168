// Where the repository's own files are, whatever the working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const schemaPath = (name: string): string => path.join(REPO_ROOT, 'schemas', name);

/** Third-party data kept in the repository (sources and licenses in vendor/NOTICE.md). */
export const VENDOR_ROOT = path.join(REPO_ROOT, 'vendor');
