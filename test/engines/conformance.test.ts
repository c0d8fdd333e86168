// Elasticsearch's own EQL specification suites (every *.suite.json under vendor/):
// every spec must return the event ids a real Elasticsearch returns, with the keyword placeholder
// mapped both ways.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec } from '../../scripts/engines/conformance/run-suite.js';
import { keywordVariants, loadSuite } from '../../scripts/engines/conformance/suite.js';
import { VENDOR_ROOT } from '../../scripts/project-paths.js';

const root = VENDOR_ROOT;
const manifests = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.suite.json'))
  .sort()
  .map((name) => path.join(root, name));

describe('Elasticsearch EQL conformance', () => {
  it('finds the endgame suite among the suites, with all of its 133 specs', async () => {
    const endgame = path.join(root, 'elasticsearch-eql', 'endgame.suite.json');
    expect(manifests).toContain(endgame);
    expect((await loadSuite(endgame)).specs.length).toBeGreaterThanOrEqual(133);
  });

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
