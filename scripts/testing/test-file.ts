// Rule test files: found beside the rules they test, parsed with positions, checked against
// schemas/rule-test.schema.json.
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.js';
import { parseStructuredText, readTextFile, RULE_EXTENSIONS } from '../rules/load.js';
import type { RuleSource } from '../rules/rule-file.js';
import { schemaCheck } from '../rules/schema-validator.js';
import { precompiledValidator } from '../validators/precompiled.js';
import * as ruleTestValidator from '../validators/rule-test.generated.js';
import type { RuleTestFile } from './rule-test-types.generated.js';

export type { RuleTestFile, TestCase, TestDocument } from './rule-test-types.generated.js';

/** Where rule test files live, relative to the repository root (as git names paths). */
export const RULE_TESTS_FOLDER = 'test/rules';
export const DEFAULT_TESTS_DIR = path.join(...RULE_TESTS_FOLDER.split('/'));
/** The suffix a rule's test file is given; `.test.yml`, in any letter case, is a test file too. */
export const TEST_FILE_SUFFIX = '.test.yaml';
const TEST_FILE_SUFFIXES = [TEST_FILE_SUFFIX, '.test.yml'] as const;

const testSuffixOf = (name: string): string | undefined => TEST_FILE_SUFFIXES.find((suffix) => name.toLowerCase().endsWith(suffix));

/** Whether a file name (or path) names a rule test file. */
export const isTestFileName = (name: string): boolean => testSuffixOf(name) !== undefined;

const checkTestSchema = schemaCheck(precompiledValidator('ruleTest', ruleTestValidator));

export interface LoadedTestFile {
  readonly file: string;
  readonly source: RuleSource;
  readonly tests: RuleTestFile;
}

/**
 * Where the tests of a rule live: its path under `rules/` mirrored under the tests folder,
 * `rules/windows/x.toml` → `test/rules/windows/x.test.yaml`.
 */
export function testFileFor(rulePath: string, testsDir: string = DEFAULT_TESTS_DIR, rulesDir = 'rules'): string {
  const relative = path.relative(rulesDir, rulePath);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.basename(rulePath);
  const extension = RULE_EXTENSIONS.find((candidate) => inside.toLowerCase().endsWith(candidate));
  return path.join(testsDir, extension === undefined ? inside : inside.slice(0, -extension.length) + TEST_FILE_SUFFIX);
}

/** Whether `testFile` is where the tests of `rulePath` belong: its mirrored path, with either test-file suffix. */
export function isTestFileOf(testFile: string, rulePath: string, testsDir: string = DEFAULT_TESTS_DIR): boolean {
  const withoutSuffix = (file: string): string => {
    const normalized = path.normalize(file);
    const suffix = testSuffixOf(normalized);
    return suffix === undefined ? normalized : normalized.slice(0, -suffix.length);
  };
  return isTestFileName(testFile) && withoutSuffix(testFile) === withoutSuffix(testFileFor(rulePath, testsDir));
}

export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Inline documents are for small cases: twice what a rule may hold, still parsed in about a second. */
const MAX_TEST_FILE_ENTRIES = 100_000;

export async function loadTestFile(file: string): Promise<{ value?: LoadedTestFile; findings: Finding[] }> {
  const text = await readTextFile(file);
  if (text.value === undefined) return { findings: text.findings };
  const parsed = parseStructuredText(file, text.value, MAX_TEST_FILE_ENTRIES, 'move large document sets to a documents_file (NDJSON), which is streamed');
  if (!parsed.value) return { findings: parsed.findings };
  const { data, source } = parsed.value;
  const findings = checkTestSchema(data, source).map((finding) => ({ ...finding, code: finding.code.replace(/^schema\./, 'test.schema.') }));
  if (findings.length > 0) return { findings };
  return { value: { file, source, tests: data as RuleTestFile }, findings: [] };
}
