// The few git questions the review asks, each one `git` process. Failures become GitError with a
// message a contributor can act on; the command turns them into usage errors (exit 2).
import { execFile, spawn } from 'node:child_process';
import { UsageError } from '../report/command-line.js';

/** A git question that could not be answered: outside a checkout, unknown base. Exit 2 in commands. */
export class GitError extends UsageError {}

const MAX_OUTPUT = 256 * 1024 * 1024;

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) resolve(stdout);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !stderr) reject(new GitError(`cannot run git in ${cwd}: ${error.message}`));
      else reject(new GitError(stderr.trim().split('\n')[0] || error.message));
    });
  });
}

/** The checkout's root folder. */
export async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new GitError(`${cwd} is not inside a git checkout (${(error as Error).message}); run the review from the project's clone`);
  }
}

async function commitOf(root: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    return undefined;
  }
}

export interface ResolvedBase {
  /** The ref as given or chosen (`origin/main`). */
  readonly ref: string;
  /** The commit compared against: the merge base of HEAD and `ref` (the fork point of the branch). */
  readonly commit: string;
}

/**
 * The commit to compare the working tree with: the merge base of HEAD and `ref`, or by default of
 * HEAD and `origin/main`, falling back to `main`.
 */
export async function resolveBase(root: string, ref?: string): Promise<ResolvedBase> {
  const candidates = ref === undefined ? ['origin/main', 'main'] : [ref];
  for (const candidate of candidates) {
    const commit = await commitOf(root, candidate);
    if (commit === undefined) continue;
    const head = await commitOf(root, 'HEAD');
    if (head === undefined) return { ref: candidate, commit };
    try {
      return { ref: candidate, commit: (await git(root, ['merge-base', 'HEAD', commit])).trim() };
    } catch {
      // Unrelated histories have no merge base: compare with the ref itself.
      return { ref: candidate, commit };
    }
  }
  throw new GitError(
    ref === undefined
      ? 'neither origin/main nor main exists here; pass --base REF (a branch, tag or commit to compare with)'
      : `unknown base "${ref}": fetch it first (git fetch origin) or pass another --base`,
  );
}

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface PathChange {
  readonly status: ChangeStatus;
  /** Path relative to the repository root, in the working tree (the old path for `deleted`). */
  readonly path: string;
  /** For `renamed`: the path at the base. */
  readonly previousPath?: string;
}

/**
 * Files under `folders` that differ between `commit` and the working tree (staged or not), plus
 * untracked files that are not ignored. Paths are relative to the repository root.
 */
export async function changedPaths(root: string, commit: string, folders: readonly string[]): Promise<PathChange[]> {
  const diff = await git(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', commit, '--', ...folders]);
  const fields = diff.split('\0');
  const changes: PathChange[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i++] as string;
    const first = fields[i++] as string;
    if (status.startsWith('R') || status.startsWith('C')) {
      const second = fields[i++] as string;
      changes.push(status.startsWith('R') ? { status: 'renamed', path: second, previousPath: first } : { status: 'added', path: second });
    } else if (status === 'D') changes.push({ status: 'deleted', path: first });
    else if (status === 'A') changes.push({ status: 'added', path: first });
    else changes.push({ status: 'modified', path: first });
  }
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', ...folders]);
  for (const file of untracked.split('\0')) if (file) changes.push({ status: 'added', path: file });
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The contents of `paths` at `commit`, read by one `git cat-file --batch`; a path absent there
 * maps to undefined.
 */
export function readFilesAt(root: string, commit: string, paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
  return new Promise((resolve, reject) => {
    if (paths.length === 0) {
      resolve(new Map());
      return;
    }
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new GitError(`cannot run git: ${error.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new GitError(stderr.trim() || `git cat-file exited with ${code}`));
        return;
      }
      resolve(parseBatch(Buffer.concat(chunks), paths));
    });
    child.stdin.end(paths.map((file) => `${commit}:${file}\n`).join(''));
  });
}

// Each answer is `<sha> blob <size>\n<bytes>\n`, or `<request> missing\n`, in request order.
function parseBatch(output: Buffer, paths: readonly string[]): Map<string, Buffer | undefined> {
  const files = new Map<string, Buffer | undefined>();
  let offset = 0;
  for (const file of paths) {
    const newline = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      files.set(file, undefined);
      continue;
    }
    const size = Number(match[2]);
    files.set(file, match[1] === 'blob' ? output.subarray(offset, offset + size) : undefined);
    offset += size + 1;
  }
  return files;
}

/** `git config user.name`, for the author of a new rule; undefined when unset or outside git. */
export async function gitUserName(cwd: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['config', 'user.name'])).trim() || undefined;
  } catch {
    return undefined;
  }
}
