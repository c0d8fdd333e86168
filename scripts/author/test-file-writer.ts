// Adds a recorded case to a rule's test file, keeping the file's comments and layout: it takes
// the place of the skeleton case `new rule` left for it (same polarity), else goes at the end.
// A file that does not exist yet is started with the editor hint and the rule_id.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, YAMLMap, type Document } from 'yaml';
import { exists } from '../testing/test-file.js';
import type { RecordedCase } from './record-case.js';
import { schemaLink } from './schema-link.js';
import { isSkeletonCase } from './test-skeleton.js';

export interface WriteResult {
  /** 1-based position of the case in `cases`. */
  readonly position: number;
  /** The skeleton case it replaced, if any. */
  readonly replaced?: string;
}

export class TestFileMismatch extends Error {}

function caseNode(document: Document, recorded: RecordedCase): YAMLMap {
  const node = document.createNode(recorded) as YAMLMap;
  // One line per document, as the hand-written tests are laid out.
  const documents = node.get('documents', true);
  if (isSeq(documents)) for (const item of documents.items) if (isMap(item)) item.flow = true;
  const expect = node.get('expect', true);
  if (isMap(expect)) expect.flow = true;
  return node;
}

export async function addCaseToTestFile(testFile: string, ruleId: string, recorded: RecordedCase): Promise<WriteResult> {
  const link = schemaLink(testFile, 'rule-test.schema.json');
  const text = (await exists(testFile)) ? await readFile(testFile, 'utf8') : `# yaml-language-server: $schema=${link}\nrule_id: ${ruleId}\ncases: []\n`;
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new TestFileMismatch(`${testFile} is not valid YAML (${document.errors[0]?.message.split('\n')[0]}); fix it first (npm run test:rules shows where)`);
  const named = document.get('rule_id');
  if (named !== ruleId) throw new TestFileMismatch(`${testFile} names rule_id ${String(named)}, not this rule's ${ruleId}; fix its rule_id, or record into the test file of that rule`);
  let cases = document.get('cases', true);
  if (!isSeq(cases)) {
    document.set('cases', document.createNode([]));
    cases = document.get('cases', true);
  }
  if (!isSeq(cases)) throw new TestFileMismatch(`${testFile}: cases is not a list`);
  cases.flow = false;
  const node = caseNode(document, recorded);
  const positive = recorded.expect.alerts > 0;
  const skeleton = cases.items.findIndex((item) => {
    if (!isMap(item)) return false;
    const name = item.get('name');
    const alerts = (item.get('expect', true) as YAMLMap | undefined)?.get?.('alerts');
    return typeof name === 'string' && isSkeletonCase(name) && typeof alerts === 'number' && alerts > 0 === positive;
  });
  let result: WriteResult;
  if (skeleton >= 0) {
    const replaced = String((cases.items[skeleton] as YAMLMap).get('name'));
    cases.items[skeleton] = node;
    result = { position: skeleton + 1, replaced };
  } else {
    cases.items.push(node);
    result = { position: cases.items.length };
  }
  await mkdir(path.dirname(testFile), { recursive: true });
  await writeFile(testFile, document.toString({ lineWidth: 0 }));
  return result;
}
