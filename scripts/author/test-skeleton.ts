// The test file `new rule` writes beside a new rule: one case that must alert and one that must
// not, both still to be filled in. Their names start with SKELETON_CASE_PREFIX so that
// `new case` can replace them with cases recorded from real events.
import { stringify } from 'yaml';
import type { RuleBody } from '../rules/rule-file.js';

export const SKELETON_CASE_PREFIX = 'TODO:';
export const POSITIVE_SKELETON_NAME = `${SKELETON_CASE_PREFIX} an event the rule must alert on`;
export const NEGATIVE_SKELETON_NAME = `${SKELETON_CASE_PREFIX} a benign event the rule must not alert on`;

/** Whether a case is a skeleton still waiting to be replaced. */
export const isSkeletonCase = (name: string): boolean => name.startsWith(SKELETON_CASE_PREFIX);

export interface TestSkeletonOptions {
  readonly rule: RuleBody;
  /** The rule file's path, for the header's `new case` command. */
  readonly rulePath: string;
  /** From the test file's folder to schemas/rule-test.schema.json, for editors. */
  readonly schemaPath: string;
  /** The fields the query reads, when known. */
  readonly readFields?: readonly string[];
}

export function testSkeleton({ rule, rulePath, schemaPath, readFields }: TestSkeletonOptions): string {
  const fields = readFields && readFields.length > 0 ? `\n#   the query reads: ${readFields.join(', ')}` : '';
  const body = stringify(
    {
      rule_id: rule.rule_id,
      cases: [
        { name: POSITIVE_SKELETON_NAME, documents: [{ _id: 'positive-1', '@timestamp': 'now-1m' }], expect: { alerts: 1 } },
        { name: NEGATIVE_SKELETON_NAME, documents: [{ _id: 'negative-1', '@timestamp': 'now-1m' }], expect: { alerts: 0 } },
      ],
    },
    { lineWidth: 0 },
  );
  return `# yaml-language-server: $schema=${schemaPath}
# Replay tests of "${rule.name}". Replace the two TODO cases: give the first the fields of an
# event the rule must alert on and the second those of a benign look-alike, or record both
# from real events (an export from Discover, or replay output):
#   npm run new -- case ${rulePath} --from EVENTS.ndjson
#   npm run new -- case ${rulePath} --from EVENTS.ndjson --negative${fields}
${body}`;
}
