// Elasticsearch's own EQL specification suites (every *.suite.json under ../shared/conformance):
// every spec must return the event ids a real Elasticsearch returns, with the keyword placeholder
// mapped both ways.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec } from '../../scripts/engines/conformance/run-suite.js';
import { keywordVariants, loadSuite } from '../../scripts/engines/conformance/suite.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';

const root = path.resolve(REPO_ROOT, '../shared/conformance');
const manifests = existsSync(root)
  ? readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.suite.json'))
      .sort()
      .map((name) => path.join(root, name))
  : [];
if (manifests.length === 0) console.log('skipped: ../shared not present (Elasticsearch EQL conformance suites)');

describe.skipIf(manifests.length === 0)('Elasticsearch EQL conformance', () => {
  it('finds the endgame suite among the suites, with all of its 133 specs', async () => {
    const endgame = path.join(root, 'es-eql', 'endgame.suite.json');
    expect(manifests).toContain(endgame);
    expect((await loadSuite(endgame)).specs.length).toBeGreaterThanOrEqual(133);
  });

  // skipIf skips the tests but still collects them: without the suites there is nothing to collect.
  for (const manifest of manifests) {
    describe(path.relative(root, manifest), async () => {
      const suite = await loadSuite(manifest);
      it('has specs', () => {
        expect(suite.specs.length).toBeGreaterThan(0);
      });
      for (const variant of keywordVariants) {
        describe(`with ${variant} fields`, async () => {
          const loaded = await suite.load(variant);
          for (const spec of suite.specs) {
            it(spec.name, async () => {
              const result = await runSpec(suite, spec, variant, loaded);
              expect(result.error).toBeUndefined();
              expect(spec.expected).toContainEqual(result.actual);
              if (spec.joinKeys) expect(result.actualJoinKeys).toEqual(spec.joinKeys);
            });
          }
        });
      }
    });
  }
});
