// Compares two queries on their formatted syntax trees (EQL, KQL or ES|QL, each by its own
// formatter), so whitespace and comment edits are not changes, and for EQL names what changed:
// which sequence step, which condition, which join key.
import { formatQuery, parseQuery, type EventFilter, type Expr, type Pipe, type Query, type SampleStep, type SequenceStep } from '../eql/index.js';
import { formatQuery as formatEsql, parseQuery as parseEsql } from '../esql/index.js';
import { formatKql, parseKql } from '../kql/index.js';
import { diffLines, unifiedDiff } from './line-diff.js';

export interface QueryChange {
  /** The queries differ once formatted (or, when one does not parse, as written). */
  readonly changed: boolean;
  /** The text differs but the formatted queries are equal: whitespace, comments, redundant parentheses. */
  readonly formattingOnly: boolean;
  /** The formatted queries (the text as written when it does not parse; '' when absent). */
  readonly before: string;
  readonly after: string;
  /** Unified diff of `before` and `after`; '' when not changed. */
  readonly diff: string;
  /** What changed, in words: `sequence step 1 (iam): condition removed: not …`. */
  readonly details: string[];
}

/** The canonical text of a query (as written, trimmed, when it does not parse) and, for EQL, its tree. */
function canonical(text: string | undefined, language: string): { text: string; parsed: boolean; query?: Query } {
  if (text === undefined) return { text: '', parsed: false };
  if (language === 'eql') {
    const parsed = parseQuery(text);
    return parsed.ok ? { text: formatQuery(parsed.query), parsed: true, query: parsed.query } : { text: text.trim(), parsed: false };
  }
  if (language === 'esql') {
    const parsed = parseEsql(text);
    return parsed.ok ? { text: formatEsql(parsed.query), parsed: true } : { text: text.trim(), parsed: false };
  }
  if (language === 'kuery') {
    const parsed = parseKql(text);
    return parsed.ok ? { text: formatKql(parsed.query), parsed: true } : { text: text.trim(), parsed: false };
  }
  // Lucene has no formatter here: compared as written.
  return { text: text.trim(), parsed: false };
}

/**
 * Compares the query at the base with the query now, in the rule's `language` (`eql`, `kuery`,
 * `esql`, `lucene`); either may be absent (a rule without a query).
 */
export function compareQueries(beforeText: string | undefined, afterText: string | undefined, language = 'eql'): QueryChange {
  const before = canonical(beforeText, language);
  const after = canonical(afterText, language);
  const changed = before.text !== after.text;
  const asText = language === 'lucene' ? 'a Lucene query is compared as text' : 'it does not parse, so it is compared as text';
  const details =
    changed && before.query && after.query
      ? describeQueryChange(before.query, after.query)
      : changed
        ? [beforeText === undefined ? 'query added' : afterText === undefined ? 'query removed' : before.parsed && after.parsed ? 'query changed' : `query changed (${asText})`]
        : [];
  return {
    changed,
    formattingOnly: !changed && beforeText !== afterText,
    before: before.text,
    after: after.text,
    diff: changed ? unifiedDiff(before.text, after.text) : '',
    details,
  };
}

// The formatter formats whole queries; an expression is formatted as the condition of an `any` filter.
function formatExpr(expr: Expr): string {
  const filter: EventFilter = { kind: 'filter', category: null, condition: expr, span: expr.span };
  return formatQuery({ kind: 'event', filter, pipes: [], span: expr.span }).replace(/^any where /, '');
}

const formatFilter = (filter: EventFilter): string => formatQuery({ kind: 'event', filter, pipes: [], span: filter.span });
const formatKeys = (keys: readonly Expr[]): string => (keys.length === 0 ? '(none)' : keys.map(formatExpr).join(', '));
const formatPipes = (pipes: readonly Pipe[]): string => (pipes.length === 0 ? '(none)' : pipes.map((pipe) => `${pipe.kind} ${pipe.count}`).join(' | '));
const quote = (text: string): string => `\`${text}\``;

/** The operands of top-level `and`s: `a and b and c` → [a, b, c]. */
function conjuncts(expr: Expr): Expr[] {
  return expr.kind === 'logical' && expr.op === 'and' ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

/** Conditions removed and added between two filters, each conjunct compared as formatted text. */
function describeFilterChange(where: string, before: EventFilter, after: EventFilter): string[] {
  const details: string[] = [];
  if (before.category !== after.category) details.push(`${where}: event category ${before.category ?? 'any'} → ${after.category ?? 'any'}`);
  const termsBefore = conjuncts(before.condition).map(formatExpr);
  const termsAfter = conjuncts(after.condition).map(formatExpr);
  if (termsBefore.length === 1 && termsAfter.length === 1 && termsBefore[0] !== termsAfter[0]) {
    details.push(`${where}: condition ${quote(termsBefore[0] as string)} → ${quote(termsAfter[0] as string)}`);
    return details;
  }
  const remaining = [...termsAfter];
  for (const term of termsBefore) {
    const index = remaining.indexOf(term);
    if (index >= 0) remaining.splice(index, 1);
    else details.push(`${where}: condition removed: ${quote(term)}`);
  }
  for (const term of remaining) details.push(`${where}: condition added: ${quote(term)}`);
  if (details.length === 0 && formatFilter(before) !== formatFilter(after)) details.push(`${where}: conditions reordered`);
  return details;
}

type Step = SequenceStep | SampleStep;

const formatStep = (step: Step): string => {
  const missing = step.kind === 'step' && step.missing ? '!' : '';
  const keys = step.by.length > 0 ? ` by ${formatKeys(step.by)}` : '';
  const runs = step.kind === 'step' && step.runs !== null ? ` with runs=${step.runs}` : '';
  return `${missing}[${formatFilter(step.filter)}]${keys}${runs}`;
};

function describeStepChange(where: string, before: Step, after: Step): string[] {
  const details = describeFilterChange(where, before.filter, after.filter);
  if (formatKeys(before.by) !== formatKeys(after.by)) details.push(`${where}: join keys ${formatKeys(before.by)} → ${formatKeys(after.by)}`);
  if (before.kind === 'step' && after.kind === 'step') {
    if (before.runs !== after.runs) details.push(`${where}: runs ${before.runs ?? 1} → ${after.runs ?? 1}`);
    if (before.missing !== after.missing) details.push(`${where}: ${after.missing ? 'now a missing-event step (![...])' : 'no longer a missing-event step'}`);
  }
  return details;
}

/** Steps aligned by their formatted text: equal steps are kept, the rest compared position by position or reported as added/removed. */
function describeStepsChange(label: string, before: readonly Step[], after: readonly Step[]): string[] {
  const name = (step: Step, index: number): string => `${label} step ${index + 1} (${step.filter.category ?? 'any'})`;
  if (before.length === after.length) {
    return before.flatMap((step, index) => {
      const other = after[index] as Step;
      return formatStep(step) === formatStep(other) ? [] : describeStepChange(name(other, index), step, other);
    });
  }
  const details: string[] = [];
  let indexBefore = 0;
  let indexAfter = 0;
  for (const line of diffLines(before.map(formatStep).join('\n'), after.map(formatStep).join('\n'))) {
    if (line.kind === ' ') {
      indexBefore += 1;
      indexAfter += 1;
    } else if (line.kind === '-') details.push(`${name(before[indexBefore] as Step, indexBefore++)} removed: ${quote(line.text)}`);
    else details.push(`${name(after[indexAfter] as Step, indexAfter++)} added: ${quote(line.text)}`);
  }
  return details;
}

function describeQueryChange(before: Query, after: Query): string[] {
  const details: string[] = [];
  if (before.kind !== after.kind) return [`query type ${before.kind} → ${after.kind}`];
  if (formatPipes(before.pipes) !== formatPipes(after.pipes)) details.push(`pipes ${formatPipes(before.pipes)} → ${formatPipes(after.pipes)}`);
  if (before.kind === 'event' && after.kind === 'event') return [...describeFilterChange('event filter', before.filter, after.filter), ...details];
  if (before.kind === 'sequence' && after.kind === 'sequence') {
    if (formatKeys(before.by) !== formatKeys(after.by)) details.push(`sequence join keys ${formatKeys(before.by)} → ${formatKeys(after.by)}`);
    const span = (query: typeof before): string => (query.maxspan ? `${query.maxspan.value}${query.maxspan.unit}` : '(none)');
    if (span(before) !== span(after)) details.push(`maxspan ${span(before)} → ${span(after)}`);
    details.push(...describeStepsChange('sequence', before.steps, after.steps));
    if (before.until && after.until) details.push(...describeStepChange('until', before.until, after.until));
    else if (before.until) details.push(`until removed: ${quote(formatStep(before.until))}`);
    else if (after.until) details.push(`until added: ${quote(formatStep(after.until))}`);
    return details;
  }
  if (before.kind === 'sample' && after.kind === 'sample') {
    if (formatKeys(before.by) !== formatKeys(after.by)) details.push(`sample join keys ${formatKeys(before.by)} → ${formatKeys(after.by)}`);
    details.push(...describeStepsChange('sample', before.steps, after.steps));
  }
  return details;
}
