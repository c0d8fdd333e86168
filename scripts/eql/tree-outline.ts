// A readable outline of a syntax tree for `npm run eql -- parse`: one node per line, indented.
import type { EventFilter, Expr, Query } from './ast.js';
import { children } from './ast-walk.js';

export function outlineQuery(query: Query): string {
  const lines: string[] = [];
  const at = (span: { line: number; column: number }): string => `@${span.line}:${span.column}`;
  const expr = (node: Expr, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${describe(node)} ${at(node.span)}`);
    for (const child of children(node)) expr(child, depth + 1);
  };
  const keys = (by: readonly Expr[], depth: number): void => {
    if (by.length === 0) return;
    lines.push(`${'  '.repeat(depth)}by`);
    for (const key of by) expr(key, depth + 1);
  };
  const filter = (node: EventFilter, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}filter ${node.category ?? 'any'} ${at(node.span)}`);
    expr(node.condition, depth + 1);
  };
  switch (query.kind) {
    case 'event':
      lines.push(`event query ${at(query.span)}`);
      filter(query.filter, 1);
      break;
    case 'sequence':
      lines.push(`sequence${query.maxspan ? ` maxspan=${query.maxspan.value}${query.maxspan.unit} (${query.maxspan.millis} ms)` : ''} ${at(query.span)}`);
      keys(query.by, 1);
      for (const step of query.until ? [...query.steps, query.until] : query.steps) {
        const label = step === query.until ? 'until' : step.missing ? 'missing step' : 'step';
        lines.push(`  ${label}${step.runs !== null ? ` runs=${step.runs}` : ''} ${at(step.span)}`);
        filter(step.filter, 2);
        keys(step.by, 2);
      }
      break;
    case 'sample':
      lines.push(`sample ${at(query.span)}`);
      keys(query.by, 1);
      for (const step of query.steps) {
        lines.push(`  step ${at(step.span)}`);
        filter(step.filter, 2);
        keys(step.by, 2);
      }
      break;
  }
  for (const pipe of query.pipes) lines.push(`| ${pipe.kind} ${pipe.count} ${at(pipe.span)}`);
  return lines.join('\n');
}

function describe(node: Expr): string {
  switch (node.kind) {
    case 'literal':
      return `literal ${JSON.stringify(node.value)}${node.numberType ? ` (${node.numberType})` : ''}`;
    case 'field':
      return `field ${node.optional ? '?' : ''}${node.name}${node.path.some((p) => typeof p === 'number') ? ` path=${JSON.stringify(node.path)}` : ''}`;
    case 'logical':
    case 'comparison':
    case 'arithmetic':
      return `${node.kind} ${node.op}`;
    case 'match':
      return `match ${node.op}${node.caseInsensitive ? ' (case-insensitive)' : ''}`;
    case 'in':
      return `${node.negated ? 'not in' : 'in'}${node.caseInsensitive ? ' (case-insensitive)' : ''}`;
    case 'call':
      return `call ${node.name}${node.caseInsensitive ? '~' : ''}`;
    case 'not':
    case 'negate':
      return node.kind;
  }
}
