// `new rule`: a rule file and its test file from a few answers. The rule is written in
// elastic/detection-rules' layout (rule-writer.ts) at the conventional path
// `rules/<platform>/<primary tactic>_<name>.toml`, with a fresh rule_id, today's dates, version 1,
// tags and an investigation-guide skeleton that satisfy the lints, and the threat mapping filled
// in from the ATT&CK table.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AttackFacts } from '../attack/facts.js';
import { requiredGuideSections } from '../lints/guide/guide-sections.js';
import { TACTIC_TAG_PREFIX } from '../lints/tags/tactic-tags.js';
import { severityBands } from '../lints/risk/risk-severity.js';
import { ruleFileStem } from '../rules/file-name.js';
import { ruleDate } from '../rules/rule-date.js';
import type { RuleBody, RuleDocument } from '../rules/rule-file.js';
import { threatFromTechniques } from './threat-mapping-builder.js';

export const RULE_TYPES = ['eql', 'query', 'esql', 'threshold', 'new_terms', 'threat_match', 'machine_learning', 'saved_query'] as const;
export type RuleType = (typeof RULE_TYPES)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The language each type takes when none is given (Kibana's default for the KQL family is kuery). */
export const DEFAULT_LANGUAGE: Record<RuleType, RuleBody['language'] | undefined> = {
  eql: 'eql',
  esql: 'esql',
  query: 'kuery',
  threshold: 'kuery',
  new_terms: 'kuery',
  threat_match: 'kuery',
  saved_query: 'kuery',
  machine_learning: undefined,
};

/** Types whose query reads documents from `index` (ES|QL names its source in the query; ML reads a job). */
export const typeNeedsIndex = (type: RuleType): boolean => type !== 'esql' && type !== 'machine_learning';
/** Types that carry a `query`. */
export const typeNeedsQuery = (type: RuleType): boolean => type !== 'machine_learning' && type !== 'saved_query';

/** The top of each severity's risk band, detection-rules' usual scores (21, 47, 73, 99). */
export const DEFAULT_RISK_SCORE: Record<Severity, number> = { low: 21, medium: 47, high: 73, critical: 99 };

/** detection-rules' schedule for new rules: every 5 minutes, looking back 9 (4 minutes for late events). */
const NEW_RULE_FROM = 'now-9m';
const NEW_RULE_INTERVAL = '5m';

const OS_TAGS: Record<string, string> = { windows: 'OS: Windows', linux: 'OS: Linux', macos: 'OS: macOS' };

export interface NewRuleAnswers {
  readonly name: string;
  readonly description?: string;
  readonly type: RuleType;
  readonly language?: RuleBody['language'];
  readonly query?: string;
  readonly index: readonly string[];
  readonly severity: Severity;
  readonly riskScore?: number;
  readonly techniques: readonly string[];
  readonly tactic?: string;
  /** The folder under rules/: windows, linux, macos, cross-platform, network, … */
  readonly platform: string;
  readonly author: readonly string[];
  readonly thresholdFields?: readonly string[];
  readonly thresholdValue?: number;
  readonly newTermsFields?: readonly string[];
  readonly historyWindowStart?: string;
  readonly threatIndex?: readonly string[];
  readonly threatQuery?: string;
  /** `source.ip=threat.indicator.ip` pairs: the event field, then the indicator field. */
  readonly threatMapping?: readonly string[];
  readonly machineLearningJobIds?: readonly string[];
  readonly anomalyThreshold?: number;
  readonly savedId?: string;
}

export interface NewRule {
  readonly document: RuleDocument;
  /** Relative to the rules folder: `windows/credential_access_x.toml`. */
  readonly relativePath: string;
  /** What cannot be built from the answers, one message each: usage errors. */
  readonly problems: string[];
}

/** The investigation guide Elastic's lints expect, with the rule's name in its heading. */
export function guideSkeleton(name: string): string {
  const [triage, investigating, steps, falsePositives, response] = requiredGuideSections(name);
  return `## ${triage}

### ${investigating}

TODO: what the rule detects and why it matters to an analyst.

#### ${steps}

- TODO: the first things to check when this rule alerts.

### ${falsePositives}

- TODO: benign activity that matches, and how to except it narrowly.

### ${response}

- TODO: how to contain and remediate.
`;
}

function typeFields(answers: NewRuleAnswers, problems: string[]): Partial<RuleBody> {
  const missing = (flag: string, what: string): void => {
    problems.push(`a rule of type ${answers.type} needs ${what} (${flag})`);
  };
  switch (answers.type) {
    case 'threshold':
      if (answers.thresholdValue === undefined) missing('--threshold-value N', 'a threshold value');
      return { threshold: { field: [...(answers.thresholdFields ?? [])], value: answers.thresholdValue ?? 1 } };
    case 'new_terms':
      if (!answers.newTermsFields?.length) missing('--new-terms-field FIELD', 'the fields whose new values alert');
      return {
        new_terms: {
          field: 'new_terms_fields',
          value: [...(answers.newTermsFields ?? [])],
          history_window_start: [{ field: 'history_window_start', value: answers.historyWindowStart ?? 'now-7d' }],
        },
      } as Partial<RuleBody>;
    case 'threat_match': {
      if (!answers.threatIndex?.length) missing('--threat-index PATTERN', 'the indicator index patterns');
      if (!answers.threatMapping?.length) missing('--threat-mapping FIELD=INDICATOR_FIELD', 'how events match indicators');
      const entries = (answers.threatMapping ?? []).map((pair) => {
        const [field, value] = pair.split('=', 2);
        if (!field || !value) problems.push(`--threat-mapping "${pair}" must be FIELD=INDICATOR_FIELD, e.g. source.ip=threat.indicator.ip`);
        return { entries: [{ field: field ?? '', type: 'mapping' as const, value: value ?? '' }] };
      });
      return {
        threat_index: [...(answers.threatIndex ?? [])],
        threat_query: answers.threatQuery ?? '@timestamp >= "now-30d/d"',
        threat_mapping: entries,
        threat_language: 'kuery',
      } as Partial<RuleBody>;
    }
    case 'machine_learning':
      if (!answers.machineLearningJobIds?.length) missing('--ml-job-id ID', 'the machine learning job');
      return { machine_learning_job_id: [...(answers.machineLearningJobIds ?? [])], anomaly_threshold: answers.anomalyThreshold ?? 75 } as Partial<RuleBody>;
    case 'saved_query':
      if (answers.savedId === undefined) missing('--saved-id ID', "the saved query's id");
      return { saved_id: answers.savedId ?? '' } as Partial<RuleBody>;
    default:
      return {};
  }
}

/** Builds the rule from the answers; `problems` lists what is missing or wrong. */
export function buildNewRule(answers: NewRuleAnswers, facts: AttackFacts, today: Date, ruleId: string = randomUUID()): NewRule {
  const problems: string[] = [];
  const name = answers.name.trim();
  if (name === '') problems.push('the rule needs a name (--name)');
  if (typeNeedsQuery(answers.type) && !answers.query?.trim()) problems.push(`a rule of type ${answers.type} needs a query (--query)`);
  if (typeNeedsIndex(answers.type) && answers.index.length === 0) problems.push(`a rule of type ${answers.type} needs index patterns (--index)`);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(answers.platform)) problems.push(`--platform "${answers.platform}" must be a lowercase folder name such as windows, linux, macos or cross-platform`);
  if (answers.author.length === 0) problems.push('the rule needs an author (--author, or set git config user.name)');
  const [low, high] = severityBands[answers.severity];
  const riskScore = answers.riskScore ?? DEFAULT_RISK_SCORE[answers.severity];
  if (riskScore < low || riskScore > high) problems.push(`--risk-score ${riskScore} is outside the ${answers.severity} band ${low}–${high}`);

  const mapping = threatFromTechniques(answers.techniques, facts, answers.tactic);
  problems.push(...mapping.problems);
  const tactics = mapping.tactics;
  const language = answers.language ?? DEFAULT_LANGUAGE[answers.type];
  const tags = [
    ...(OS_TAGS[answers.platform] ? [OS_TAGS[answers.platform] as string] : []),
    'Use Case: Threat Detection',
    ...tactics.map((tactic) => `${TACTIC_TAG_PREFIX}${tactic.name}`),
    'Resources: Investigation Guide',
  ];
  const rule = {
    author: [...answers.author],
    description: answers.description?.trim() || `TODO: describe what "${name}" detects and why it matters.`,
    from: NEW_RULE_FROM,
    ...(typeNeedsIndex(answers.type) ? { index: [...answers.index] } : {}),
    interval: NEW_RULE_INTERVAL,
    ...(language ? { language } : {}),
    license: 'Elastic License v2',
    name,
    note: guideSkeleton(name),
    risk_score: riskScore,
    rule_id: ruleId,
    severity: answers.severity,
    tags,
    type: answers.type,
    version: 1,
    ...typeFields(answers, problems),
    ...(typeNeedsQuery(answers.type) ? { query: `${answers.query?.trim() ?? ''}\n` } : {}),
    ...(mapping.threat.length > 0 ? { threat: mapping.threat } : {}),
  } as RuleBody;
  const date = ruleDate(today);
  const document: RuleDocument = {
    metadata: { creation_date: date, maturity: 'development', updated_date: date },
    rule,
  };
  const stem = ruleFileStem(tactics[0]?.name, name) || 'new_rule';
  return { document, relativePath: path.join(answers.platform, `${stem}.toml`), problems };
}
