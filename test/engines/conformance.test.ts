// Elasticsearch's own EQL specification suite (../shared/conformance): every spec must return the
// event ids a real Elasticsearch returns, with the keyword placeholder mapped both ways.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec } from '../../scripts/engines/conformance/run-suite.js';
import { keywordVariants, loadSuite } from '../../scripts/engines/conformance/suite.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';

const manifest = path.resolve(REPO_ROOT, '../shared/conformance/es-eql/endgame.suite.json');
const present = existsSync(manifest);
if (!present) console.log('skipped: ../shared not present (Elasticsearch EQL conformance suite)');

const suite = present ? await loadSuite(manifest) : undefined;

describe.skipIf(!suite)('Elasticsearch EQL conformance: endgame suite', () => {
  it('loads every spec of the suite', () => {
    expect(suite?.specs.length).toBeGreaterThanOrEqual(133);
  });

  // skipIf skips the tests but still collects them: without the suite there is nothing to collect.
  for (const variant of suite ? keywordVariants : []) {
    describe(`with ${variant} fields`, async () => {
      const loaded = await suite!.load(variant);
      for (const spec of suite!.specs) {
        it(spec.name, async () => {
          const result = await runSpec(suite!, spec, variant, loaded);
          expect(result.error).toBeUndefined();
          expect(spec.expected).toContainEqual(result.actual);
          if (spec.joinKeys) expect(result.actualJoinKeys).toEqual(spec.joinKeys);
        });
      }
    });
  }
});
