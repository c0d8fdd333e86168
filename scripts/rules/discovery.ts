// The one rule for finding files under the paths a command is given, shared by every command that
// reads rules or rule tests (validate, test:rules, export, deploy, review), so that no command sees
// a file another one misses. Symbolic links to files and folders are followed; a link that leads
// back into a folder being walked is a finding, not an endless walk; a file reached through two
// paths is found once, under the first path in sorted order. Hidden entries are skipped. Entries
// that are not regular files (FIFOs, sockets, devices) are still found when their name is wanted:
// the loader then reports them (`load.not-a-file`), so a command that must not lose a rule sees it.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.js';

export interface Discovered {
  readonly files: string[];
  readonly findings: Finding[];
}

export interface DiscoveryRule {
  /** Whether a file of this name is one the command reads. */
  readonly wanted: (name: string) => boolean;
  /** The finding for a path named on the command line that is a file, but not a wanted one. */
  readonly unwanted: (target: string) => Finding;
}

const problem = (file: string, code: string, message: string, hint: string): Finding => ({ code, severity: 'error', message, file, hint });

/** The real path of `file`, or `file` itself when it cannot be resolved (a broken link: the loader says so). */
async function identity(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return path.resolve(file);
  }
}

/** The wanted files under `paths` (files, or folders searched recursively), sorted. */
export async function discoverFiles(paths: readonly string[], rule: DiscoveryRule): Promise<Discovered> {
  const found: string[] = [];
  const findings: Finding[] = [];
  const walked = new Set<string>();

  /** Walks `folder`, whose real path is `real`; `ancestors` are the real paths above it. */
  const walk = async (folder: string, real: string, ancestors: ReadonlySet<string>): Promise<void> => {
    walked.add(real);
    const inside = new Set([...ancestors, real]);
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      findings.push(problem(folder, 'load.read', `cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check its permissions'));
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(full, path.join(real, entry.name), inside);
      } else if (entry.isSymbolicLink()) {
        const target = await stat(full).catch(() => undefined);
        if (target?.isDirectory()) {
          const targetReal = await identity(full);
          if (inside.has(targetReal)) {
            findings.push(problem(full, 'load.symlink-loop', `symbolic link ${full} leads back to ${targetReal}, a folder that contains it`, 'remove the link or point it elsewhere'));
          } else if (!walked.has(targetReal)) await walk(full, targetReal, inside);
        } else if (rule.wanted(entry.name)) found.push(full);
      } else if (rule.wanted(entry.name)) found.push(full);
    }
  };

  for (const target of paths) {
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) {
      const real = await identity(target);
      if (!walked.has(real)) await walk(target, real, new Set());
    } else if (info || (await lstat(target).catch(() => undefined))) {
      // A file, a FIFO, a device or a broken link: named explicitly, it is read (and judged) as a file.
      if (rule.wanted(target)) found.push(path.normalize(target));
      else findings.push(rule.unwanted(target));
    } else {
      findings.push(problem(target, 'load.missing', `no such file or folder: ${target}`, 'check the path'));
    }
  }

  // One path per file: sorted, the first path to reach a real file keeps it.
  const seen = new Set<string>();
  const files: string[] = [];
  for (const file of [...new Set(found)].sort()) {
    const real = await identity(file);
    if (seen.has(real)) continue;
    seen.add(real);
    files.push(file);
  }
  return { files, findings };
}
