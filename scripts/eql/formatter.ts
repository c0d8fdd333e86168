// Canonical text for a syntax tree: lowercase keywords, one space around binary operators,
// parentheses only where precedence needs them, one sequence step per line. Reparsing the
// output gives back the same tree, spans aside, so formatting can tell real query changes
// from whitespace and comment edits.
import type { EventFilter, Expr, Field, Literal, Pipe, Query, SampleStep, SequenceStep } from './ast.js';
import { keywords } from './lexer.js';

export function formatQuery(query: Query): string {
  switch (query.kind) {
    case 'event':
      return formatFilter(query.filter) + formatPipes(query.pipes);
    case 'sequence': {
      let head = 'sequence';
      if (query.by.length > 0) head += ` by ${formatList(query.by)}`;
      if (query.maxspan) head += ` with maxspan=${query.maxspan.value}${query.maxspan.unit}`;
      const lines = [head, ...query.steps.map((step) => `  ${formatSequenceStep(step)}`)];
      if (query.until) lines.push(`until ${formatSequenceStep(query.until)}`);
      return lines.join('\n') + formatPipes(query.pipes);
    }
    case 'sample': {
      const head = query.by.length > 0 ? `sample by ${formatList(query.by)}` : 'sample';
      return [head, ...query.steps.map((step) => `  ${formatSampleStep(step)}`)].join('\n') + formatPipes(query.pipes);
    }
  }
}

function formatPipes(pipes: readonly Pipe[]): string {
  return pipes.map((pipe) => `\n| ${pipe.kind} ${pipe.count}`).join('');
}

function formatFilter(filter: EventFilter): string {
  const category = filter.category === null ? 'any' : isPlainIdentifier(filter.category) ? filter.category : formatString(filter.category);
  return `${category} where ${formatExpr(filter.condition)}`;
}

function formatSequenceStep(step: SequenceStep): string {
  let text = `${step.missing ? '![' : '['}${formatFilter(step.filter)}]`;
  if (step.by.length > 0) text += ` by ${formatList(step.by)}`;
  if (step.runs !== null) text += ` with runs=${step.runs}`;
  return text;
}

function formatSampleStep(step: SampleStep): string {
  const keys = step.by.length > 0 ? ` by ${formatList(step.by)}` : '';
  return `[${formatFilter(step.filter)}]${keys}`;
}

function formatList(exprs: readonly Expr[]): string {
  return exprs.map((expr) => formatExpr(expr)).join(', ');
}

// Binding strength, weakest first, as the parser reads it.
const enum Level {
  Or = 1,
  And,
  Not,
  Comparison,
  Additive,
  Multiplicative,
  Unary,
  Predicate,
  Primary,
}

function levelOf(expr: Expr): Level {
  switch (expr.kind) {
    case 'logical':
      return expr.op === 'or' ? Level.Or : Level.And;
    case 'not':
      return Level.Not;
    case 'comparison':
      return Level.Comparison;
    case 'arithmetic':
      return expr.op === '+' || expr.op === '-' ? Level.Additive : Level.Multiplicative;
    case 'negate':
      return Level.Unary;
    case 'match':
    case 'in':
      return Level.Predicate;
    case 'literal':
    case 'field':
    case 'call':
      return Level.Primary;
  }
}

/** Formats `expr` where the grammar needs at least `minimum`, in parentheses when it binds weaker. */
function formatExpr(expr: Expr, minimum: Level = Level.Or): string {
  const text = formatBare(expr);
  return levelOf(expr) < minimum ? `(${text})` : text;
}

function formatBare(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return formatLiteral(expr);
    case 'field':
      return formatField(expr);
    case 'not':
      return `not ${formatExpr(expr.operand, Level.Not)}`;
    case 'logical': {
      // Left-associative: a right operand of the same level keeps its parentheses.
      const level = levelOf(expr);
      return `${formatExpr(expr.left, level)} ${expr.op} ${formatExpr(expr.right, level + 1)}`;
    }
    case 'comparison':
      return `${formatExpr(expr.left, Level.Additive)} ${expr.op} ${formatExpr(expr.right, Level.Additive)}`;
    case 'arithmetic': {
      const level = levelOf(expr);
      return `${formatExpr(expr.left, level)} ${expr.op} ${formatExpr(expr.right, level + 1)}`;
    }
    case 'negate': {
      // A space keeps `- -x` from reading as one token, and `-1` literal-looking text stays unambiguous.
      const operand = formatExpr(expr.operand, Level.Unary);
      return operand.startsWith('-') ? `- ${operand}` : `-${operand}`;
    }
    case 'match': {
      const op = expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`;
      const patterns = expr.patterns.length === 1 ? formatExpr(expr.patterns[0] as Expr, Level.Primary) : `(${formatList(expr.patterns)})`;
      return `${formatExpr(expr.left, Level.Primary)} ${op} ${patterns}`;
    }
    case 'in': {
      const op = `${expr.negated ? 'not ' : ''}in${expr.caseInsensitive ? '~' : ''}`;
      return `${formatExpr(expr.left, Level.Primary)} ${op} (${formatList(expr.values)})`;
    }
    case 'call':
      return `${expr.name}${expr.caseInsensitive ? '~' : ''}(${formatList(expr.args)})`;
  }
}

function formatLiteral(literal: Literal): string {
  const { value } = literal;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return formatString(value);
  if (literal.numberType === 'double') {
    const text = String(value);
    return /[.eE]/.test(text) ? text : `${text}.0`;
  }
  return Number.isSafeInteger(value) ? String(value) : BigInt(Math.trunc(value)).toString();
}

function formatString(value: string): string {
  let text = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"') text += '\\"';
    else if (char === '\\') text += '\\\\';
    else if (char === '\n') text += '\\n';
    else if (char === '\r') text += '\\r';
    else if (char === '\t') text += '\\t';
    else if (code < 0x20 || code === 0x7f) text += `\\u{${code.toString(16).padStart(2, '0')}}`;
    else text += char;
  }
  return `${text}"`;
}

function isPlainIdentifier(name: string): boolean {
  if (name.length === 0 || keywords.has(name)) return false;
  const first = name.charCodeAt(0);
  if (!(isLetter(first) || first === 95 || first === 64)) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function formatField(field: Field): string {
  let text = field.optional ? '?' : '';
  field.path.forEach((segment, index) => {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += `${index === 0 ? '' : '.'}${isPlainIdentifier(segment) ? segment : `\`${segment.replaceAll('`', '``')}\``}`;
  });
  return text;
}
