// Every query of Elasticsearch's own EQL spec suite that is not commented out must parse.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { formatQuery } from '../../scripts/eql/formatter.js';
import { parseQuery } from '../../scripts/eql/parser.js';
import { withoutSpans } from './without-spans.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const specDir = path.resolve(repoRoot, 'vendor/elasticsearch-eql');

interface Spec {
  name: string;
  query: string;
}

// Every spec file of the suite, not one by name: a spec file added there is covered too.
const specFiles = readdirSync(specDir).filter((name) => name.endsWith('.toml')).sort();
const specsOf = (name: string): Spec[] => (parseToml(readFileSync(path.join(specDir, name), 'utf8')) as unknown as { queries: Spec[] }).queries;
const specs: Spec[] = specFiles.flatMap(specsOf);

describe('Elasticsearch EQL spec queries', () => {
  it('has the 133 uncommented specs of test_queries.toml', () => {
    expect(specsOf('test_queries.toml').length).toBe(133);
  });

  it.each(specs.map((spec) => [spec.name, spec.query] as const))('%s parses, formats and reparses', (_name, query) => {
    const parsed = parseQuery(query);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (!parsed.ok) return;
    const again = parseQuery(formatQuery(parsed.query));
    expect(again.ok).toBe(true);
    if (again.ok) expect(withoutSpans(again.query)).toEqual(withoutSpans(parsed.query));
  });
});
