// Every EQL query of elastic/detection-rules must parse: Elasticsearch runs them in Kibana every few
// minutes, so an eql.syntax finding on one is a parser bug. The full corpus is not part of this
// repository: set DETECTION_RULES_DIR to a clone of elastic/detection-rules (the test looks in a few
// sibling folders too) or it skips, saying so. The committed fixture keeps the queries that once
// failed here (one-step sequences with `with runs=N`) under test on every clone.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../scripts/eql/parser.js';
import { REPO_ROOT as repoRoot } from '../../scripts/project-paths.js';

interface CorpusQuery {
  readonly path: string;
  readonly query: string;
}

const fixture = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/eql/detection-rules-one-step-runs.json'), 'utf8')) as {
  queries: CorpusQuery[];
};

function syntaxErrors(queries: readonly CorpusQuery[]): string[] {
  return queries.flatMap(({ path: file, query }) => {
    const result = parseQuery(query);
    return result.ok ? [] : result.errors.map((error) => `${file}:${error.line}:${error.column}: ${error.message}`);
  });
}

function corpusDir(): string | undefined {
  const candidates = [
    process.env.DETECTION_RULES_DIR,
    path.join(repoRoot, '..', 'detection-rules'),
    path.join(repoRoot, '..', 'corpus', 'detection-rules'),
    path.join(repoRoot, '..', '..', 'corpus', 'detection-rules'),
  ];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(path.join(dir, 'rules')));
}

function* tomlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* tomlFiles(full);
    else if (entry.endsWith('.toml')) yield full;
  }
}

function eqlQueries(root: string): CorpusQuery[] {
  const queries: CorpusQuery[] = [];
  for (const folder of ['rules', 'rules_building_block']) {
    if (!existsSync(path.join(root, folder))) continue;
    for (const file of tomlFiles(path.join(root, folder))) {
      const rule = (parseToml(readFileSync(file, 'utf8')) as { rule?: { language?: string; query?: string } }).rule;
      if (rule?.language === 'eql' && typeof rule.query === 'string') queries.push({ path: path.relative(root, file), query: rule.query });
    }
  }
  return queries;
}

describe('elastic/detection-rules EQL queries', () => {
  it('parses the one-step `with runs=N` sequences of production rules', () => {
    expect(fixture.queries.length).toBe(16);
    expect(syntaxErrors(fixture.queries)).toEqual([]);
  });

  const root = corpusDir();
  if (root === undefined) console.log('skipping the full corpus: no clone of elastic/detection-rules found (set DETECTION_RULES_DIR)');
  it.skipIf(root === undefined)('parses every EQL query of rules/ and rules_building_block/', () => {
    const queries = eqlQueries(root as string);
    expect(queries.length).toBeGreaterThan(1000);
    expect(syntaxErrors(queries)).toEqual([]);
  });
});
