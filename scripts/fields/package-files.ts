// The files of one integration package that a field catalogue needs, whatever holds them: a
// folder in elastic/integrations' source layout (`<dir>/<name>/manifest.yml`,
// `data_stream/<stream>/{manifest.yml,fields/*.yml}`) or a package .zip as the Elastic Package
// Registry serves it (the same tree under one `<name>-<version>/` folder).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/** Package-relative path (forward slashes) → text, for manifest.yml files and fields/*.yml only. */
export type PackageFiles = ReadonlyMap<string, string>;

/** A package that cannot be read: reported with what to do, never as a stack trace. */
export class PackageReadError extends Error {}

const wanted = (relative: string): boolean =>
  relative === 'manifest.yml' ||
  /^data_stream\/[^/]+\/manifest\.yml$/.test(relative) ||
  /^(data_stream\/[^/]+\/)?fields\/[^/]+\.yml$/.test(relative);

/**
 * elastic/integrations shares some field files through `X.yml.link` files: the first word of a
 * link is the shared file's path relative to the link. Built packages hold the file itself.
 */
function readLinked(file: string): string | undefined {
  const target = readFileSync(file, 'utf8').trim().split(/\s+/)[0];
  if (!target) return undefined;
  const resolved = path.resolve(path.dirname(file), target);
  return existsSync(resolved) ? readFileSync(resolved, 'utf8') : undefined;
}

/** The package folder `dir` (holding manifest.yml) in elastic/integrations' source layout. */
export function packageFromDirectory(dir: string): PackageFiles {
  if (!existsSync(path.join(dir, 'manifest.yml'))) throw new PackageReadError(`${dir} has no manifest.yml: give the folder of one package, or --packages-dir the folder holding packages`);
  const files = new Map<string, string>();
  const visit = (relative: string): void => {
    const full = path.join(dir, relative);
    for (const entry of readdirSync(full).sort()) {
      const child = relative ? `${relative}/${entry}` : entry;
      if (statSync(path.join(full, entry)).isDirectory()) {
        // Only what the catalogue reads: the data streams' manifests and fields, the package's fields.
        if (child === 'data_stream' || /^data_stream\/[^/]+$/.test(child) || /(^|\/)fields$/.test(child)) visit(child);
      } else if (wanted(child)) files.set(child, readFileSync(path.join(full, entry), 'utf8'));
      else if (child.endsWith('.yml.link') && wanted(child.slice(0, -'.link'.length)) && !existsSync(path.join(full, entry.slice(0, -'.link'.length)))) {
        const text = readLinked(path.join(full, entry));
        if (text !== undefined) files.set(child.slice(0, -'.link'.length), text);
      }
    }
  };
  visit('');
  return files;
}

// The largest fields file of elastic/integrations is well under 1 MiB; a far larger entry is not a
// package's (a zip bomb from a hostile mirror), and is refused before it is inflated.
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;

/** A package .zip: its one top-level folder is the package root. */
export function packageFromZip(bytes: Uint8Array, label: string): PackageFiles {
  let entries: Record<string, Uint8Array>;
  const oversized: string[] = [];
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (!file.name.endsWith('.yml')) return false;
        if (file.originalSize > MAX_ENTRY_BYTES) oversized.push(file.name);
        return file.originalSize <= MAX_ENTRY_BYTES;
      },
    });
  } catch (error) {
    throw new PackageReadError(`${label} is not a readable .zip (${(error as Error).message}): download it again`);
  }
  if (oversized.length > 0) throw new PackageReadError(`${label} holds ${oversized[0]}, over ${MAX_ENTRY_BYTES / 1024 / 1024} MiB unpacked: not an integration package's file`);
  const files = new Map<string, string>();
  for (const [name, content] of Object.entries(entries)) {
    const slash = name.indexOf('/');
    const relative = slash < 0 ? name : name.slice(slash + 1);
    if (wanted(relative)) files.set(relative, strFromU8(content));
  }
  if (!files.has('manifest.yml')) throw new PackageReadError(`${label} holds no <name>-<version>/manifest.yml: it is not an integration package`);
  return files;
}
