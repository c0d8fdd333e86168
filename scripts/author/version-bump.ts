// `version bump`: each rule whose content changed since the git base gets its version raised once
// (to the base's version + 1; a rule already above it is left alone) and its updated_date moved
// to today, so the review's version-not-bumped and updated-date-not-moved findings never fire.
// A rule that keeps its version in the file is edited in place, one line each; a rule that
// leaves it to rules/version.lock.json (elastic/detection-rules' layout) has its lock entry raised.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VERSION_LOCK_FILE } from '../kibana/version-lock.js';
import type { Finding } from '../report/finding.js';
import { parseRuleText } from '../rules/load.js';
import { ruleDate } from '../rules/rule-date.js';
import type { FieldPath, RuleFile } from '../rules/rule-file.js';
import { changesSinceBase, type ChangeQuery } from '../review/changed.js';
import { compareRulePair } from '../review/review.js';
import { pairRules } from '../review/rule-pairs.js';
import { loadRuleSnapshots } from '../review/rule-snapshots.js';
import { readVersionLocks } from '../review/version-locks.js';

export interface VersionBump {
  /** Relative to the repository root. */
  readonly path: string;
  readonly rule_id: string;
  readonly name: string;
  /** The in-file version raised: from, to. */
  readonly version?: { readonly from: number | undefined; readonly to: number };
  /** The lock entry raised: from, to. */
  readonly lock?: { readonly from: number | undefined; readonly to: number };
  readonly updated_date?: { readonly from: string; readonly to: string };
}

export interface BumpPlan {
  readonly root: string;
  readonly base: { readonly ref: string; readonly commit: string };
  readonly bumps: VersionBump[];
  /** Rules that changed but could not be bumped, and files that could not be edited. */
  readonly findings: Finding[];
}

export interface BumpOptions extends ChangeQuery {
  /** Only rules under these paths (relative to the working directory); default all. */
  readonly paths?: readonly string[];
  readonly today?: Date;
}

const within = (file: string, paths: readonly string[] | undefined, root: string): boolean =>
  paths === undefined ||
  paths.length === 0 ||
  paths.some((given) => {
    const relative = path.relative(path.resolve(given), path.join(root, file));
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });

/** What `bump` would change, without changing anything. */
export async function planVersionBumps(options: BumpOptions): Promise<BumpPlan> {
  const { root, base, changes } = await changesSinceBase(options);
  const snapshots = await loadRuleSnapshots(root, base.commit, changes);
  const today = ruleDate(options.today ?? new Date());
  const { now: lock, before: lockedBefore, findings: lockFindings } = await readVersionLocks(root, base.commit);
  const findings: Finding[] = [...lockFindings];
  const bumps: VersionBump[] = [];
  for (const pair of pairRules(snapshots.before, snapshots.after)) {
    const { before, after } = pair;
    if (!before || !after || (pair.change !== 'changed' && pair.change !== 'renamed') || !within(after.file, options.paths, root)) continue;
    const { contentChanged, anyFieldChanged } = compareRulePair(pair);
    if (!anyFieldChanged) continue;
    const body = after.document.rule;
    const bump: { -readonly [K in keyof VersionBump]: VersionBump[K] } = { path: after.file, rule_id: body.rule_id, name: body.name };
    if (contentChanged) {
      const was = before.document.rule.version;
      const now = body.version;
      if (typeof was === 'number' || typeof now === 'number') {
        const target = (was ?? 0) + 1;
        if (!(typeof now === 'number' && now >= target)) bump.version = { from: now, to: typeof now === 'number' ? Math.max(target, now + 1) : target };
      } else if (lock.has(body.rule_id) || lockedBefore.has(body.rule_id)) {
        const lockedWas = lockedBefore.get(body.rule_id);
        const lockedNow = lock.get(body.rule_id);
        const target = (lockedWas ?? lockedNow ?? 0) + 1;
        if (!(lockedNow !== undefined && lockedNow >= target)) bump.lock = { from: lockedNow, to: target };
      } else if (lock.size === 0 && lockedBefore.size === 0) {
        // No version anywhere and no lock to keep one (a rule absent from an existing lock was never released: nothing to raise).
        findings.push({
          code: 'version.none',
          severity: 'error',
          message: `"${body.name}" changed but has no version, in the file or in ${VERSION_LOCK_FILE}`,
          file: after.file,
          hint: 'add version = 2 to the rule (Kibana counts a rule without one as version 1)',
        });
      }
    }
    const datedBefore = before.document.metadata.updated_date;
    const datedNow = after.document.metadata.updated_date;
    if (!(datedNow > datedBefore) && datedNow !== today) bump.updated_date = { from: datedNow, to: today };
    if (bump.version || bump.lock || bump.updated_date) bumps.push(bump);
  }
  return { root, base, bumps, findings };
}

/** `text` with the scalar of the key written at `position`'s line replaced by `value`; undefined when that line is not `key = value` / `key: value`. */
function replaceScalar(text: string, line: number, key: string, pattern: RegExp, value: string): string | undefined {
  const lines = text.split('\n');
  const current = lines[line - 1];
  if (current === undefined) return undefined;
  const keyed = new RegExp(`^(\\s*["']?${key}["']?\\s*[=:]\\s*)${pattern.source}`);
  if (!keyed.test(current)) return undefined;
  lines[line - 1] = current.replace(keyed, (_whole, prefix: string) => `${prefix}${value}`);
  return lines.join('\n');
}

function editField(rule: RuleFile, text: string, fieldPath: FieldPath, pattern: RegExp, value: string): string | undefined {
  const position = rule.source.locate(fieldPath);
  const key = fieldPath[fieldPath.length - 1] as string;
  return position === undefined ? undefined : replaceScalar(text, position.line, key, pattern, value);
}

/** Writes the bumps: rule files edited line by line (and re-read to be sure), the lock rewritten once. */
export async function applyVersionBumps(plan: BumpPlan): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const bump of plan.bumps) {
    if (!bump.version && !bump.updated_date) continue;
    const file = path.join(plan.root, bump.path);
    const original = await readFile(file, 'utf8');
    // Planned from this very file a moment ago, so it parses; each edit keeps it undefined once one fails.
    const parsed = parseRuleText(bump.path, original).rule;
    let text: string | undefined = parsed && original;
    if (parsed && text !== undefined && bump.version) text = editField(parsed, text, ['rule', 'version'], /\d+/, String(bump.version.to));
    if (parsed && text !== undefined && bump.updated_date) {
      text = editField(parsed, text, ['metadata', 'updated_date'], /["']?\d{4}\/\d{2}\/\d{2}["']?/, `"${bump.updated_date.to}"`);
    }
    const reread = text === undefined ? undefined : parseRuleText(bump.path, text).rule;
    const ok =
      reread !== undefined &&
      (!bump.version || reread.document.rule.version === bump.version.to) &&
      (!bump.updated_date || reread.document.metadata.updated_date === bump.updated_date.to);
    if (!ok || text === undefined) {
      findings.push({
        code: 'version.edit',
        severity: 'error',
        message: `could not edit ${bump.path} in place (version or updated_date is not written as a plain key = value line)`,
        file: bump.path,
        hint: `set${bump.version ? ` version = ${bump.version.to}` : ''}${bump.updated_date ? ` updated_date = "${bump.updated_date.to}"` : ''} by hand`,
      });
      continue;
    }
    await writeFile(file, text);
  }
  const locked = plan.bumps.filter((bump) => bump.lock);
  if (locked.length > 0) {
    const file = path.join(plan.root, VERSION_LOCK_FILE);
    const entries = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
    for (const bump of locked) {
      const entry = entries[bump.rule_id];
      const to = (bump.lock as { to: number }).to;
      // detection-rules' entry keeps its other keys; its sha256 is recomputed by detection-rules' own build, not here.
      entries[bump.rule_id] =
        typeof entry === 'number' ? to : typeof entry === 'object' && entry !== null ? { ...entry, rule_name: bump.name, version: to } : { rule_name: bump.name, version: to };
    }
    // detection-rules writes the lock sorted, indented by 2.
    const sorted = Object.fromEntries(Object.keys(entries).sort().map((key) => [key, entries[key]]));
    await writeFile(file, `${JSON.stringify(sorted, null, 2)}\n`);
  }
  return findings;
}
