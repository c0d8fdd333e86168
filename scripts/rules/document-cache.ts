// validate --changed reports the changed rule files only, yet compares every rule with the others
// (unique rule_id and name). The unchanged ones come from a cache of parsed, schema-valid rule
// documents keyed by the file's content and the rule schema (node_modules/.cache/, so `npm ci`
// starts it afresh): only changed files pay for TOML or YAML parsing and the schema. A cached rule
// parses its text for positions only if something asks where a value is written.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, schemaPath } from '../project-paths.js';
import type { Finding } from '../report/finding.js';
import { discoverRuleFiles, loadRuleFile, parseRuleText, parseStructuredText, readTextFile } from './load.js';
import type { RuleDocument, RuleFile, RuleSource } from './rule-file.js';

const CACHE_FILE = path.join(REPO_ROOT, 'node_modules', '.cache', 'detection-rules-as-code', 'rule-documents.json');
const CACHE_VERSION = 1;

interface CacheFile {
  readonly version: number;
  readonly entries: Record<string, RuleDocument>;
}

function readCache(): Record<string, RuleDocument> {
  try {
    const cache = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as CacheFile;
    return cache.version === CACHE_VERSION && typeof cache.entries === 'object' && cache.entries !== null ? cache.entries : {};
  } catch {
    // No cache yet, or an unreadable one: start afresh.
    return {};
  }
}

function writeCache(entries: Record<string, RuleDocument>): void {
  try {
    mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
    // Written whole, then renamed: a concurrent run reads the old cache or the new, never half.
    const temporary = `${CACHE_FILE}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify({ version: CACHE_VERSION, entries } satisfies CacheFile));
    renameSync(temporary, CACHE_FILE);
  } catch {
    // A cache that cannot be written only costs the next run its speed.
  }
}

/** A rule file's source whose positions are worked out from its text the first time they are asked for. */
function lazySource(file: string, text: string): RuleSource {
  let parsed: RuleSource | undefined;
  const real = (): RuleSource => (parsed ??= (parseStructuredText(file, text).value?.source as RuleSource));
  return {
    file,
    text,
    get format() {
      return real().format;
    },
    locate: (fieldPath) => real().locate(fieldPath),
    locateInString: (fieldPath, offset) => real().locateInString(fieldPath, offset),
  };
}

/**
 * The rule files under `paths`: those `focus` selects loaded in full, the others from the cache
 * when their content and the schema are unchanged since a run stored them.
 */
export async function loadRulesCached(paths: readonly string[], focus: (file: string) => boolean): Promise<{ files: string[]; rules: RuleFile[]; findings: Finding[] }> {
  const discovered = await discoverRuleFiles(paths);
  const cached = readCache();
  const used: Record<string, RuleDocument> = {};
  const schema = createHash('sha256').update(readFileSync(schemaPath('rule.schema.json'))).digest('hex');
  const loaded = await Promise.all(
    discovered.files.map(async (file): Promise<{ rule?: RuleFile; findings: Finding[] }> => {
      if (focus(file)) return loadRuleFile(file);
      const text = await readTextFile(file);
      if (text.value === undefined) return { findings: text.findings };
      const key = createHash('sha256').update(schema).update('\u0000').update(text.value).digest('hex');
      const hit = cached[key];
      if (hit !== undefined) {
        used[key] = hit;
        return { rule: { file, document: hit, source: lazySource(file, text.value) }, findings: [] };
      }
      const result = parseRuleText(file, text.value);
      if (result.rule) used[key] = result.rule.document;
      return result;
    }),
  );
  // Only this run's entries are kept: the cache follows the repository instead of growing.
  writeCache(used);
  return {
    files: discovered.files,
    rules: loaded.flatMap((result) => (result.rule ? [result.rule] : [])),
    findings: [...discovered.findings, ...loaded.flatMap((result) => result.findings)],
  };
}
