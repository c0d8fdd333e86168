// Every lint, in the order docs/lints.md lists them.
import type { Lint } from './lint.js';
import { attackDeprecated } from './attack/deprecated.js';
import { attackDuplicateTactic } from './attack/duplicate-tactic.js';
import { attackName } from './attack/name.js';
import { attackPlacement } from './attack/placement.js';
import { attackReference } from './attack/reference.js';
import { attackUnknownId } from './attack/unknown-id.js';
import { guideSections } from './guide/guide-sections.js';
import { setupInNote } from './guide/setup-in-note.js';
import { dateOrder } from './metadata/date-order.js';
import { fileName, fileNameTactic } from './metadata/file-name.js';
import { license } from './metadata/license.js';
import { referenceUrl } from './metadata/reference-url.js';
import { prebuiltRuleId } from './metadata/prebuilt-rule-id.js';
import { ruleIdUuid } from './metadata/rule-id-uuid.js';
import { uniqueName, uniqueRuleId } from './metadata/unique-field.js';
import { riskSeverity } from './risk/risk-severity.js';
import { tacticTags } from './tags/tactic-tags.js';
import { tagDuplicate } from './tags/tag-duplicate.js';
import { tagTaxonomy } from './tags/tag-taxonomy.js';
import { tagWhitespace } from './tags/tag-whitespace.js';
import { buildingBlockTiming } from './timing/building-block-timing.js';
import { lookbackInterval } from './timing/lookback-interval.js';
import { maxSignalsHigh, maxSignalsRange } from './timing/max-signals.js';
import { endpointLookback } from './timing/endpoint-lookback.js';
import { intervalMaxspan } from './timing/interval-maxspan.js';
import { maxspanLookback } from './timing/maxspan-lookback.js';

export const lints: readonly Lint[] = [
  attackUnknownId,
  attackName,
  attackReference,
  attackPlacement,
  attackDeprecated,
  attackDuplicateTactic,
  lookbackInterval,
  maxspanLookback,
  intervalMaxspan,
  endpointLookback,
  maxSignalsRange,
  maxSignalsHigh,
  buildingBlockTiming,
  riskSeverity,
  dateOrder,
  uniqueRuleId,
  uniqueName,
  ruleIdUuid,
  prebuiltRuleId,
  fileName,
  fileNameTactic,
  license,
  referenceUrl,
  guideSections,
  setupInNote,
  tagDuplicate,
  tagWhitespace,
  tacticTags,
  tagTaxonomy,
];

export const lintCodes: ReadonlySet<string> = new Set(lints.map((lint) => lint.code));

/** Lints whose severity cannot be lowered and which admit no exceptions. */
export const alwaysErrorCodes: ReadonlySet<string> = new Set(lints.filter((lint) => lint.alwaysError).map((lint) => lint.code));
