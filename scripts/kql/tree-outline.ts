// A readable outline of a KQL syntax tree for `npm run kql -- parse`: one node per line, indented.
import { rangeOperatorText, type Query, type ValueExpr } from './ast.js';
import { formatTerm } from './formatter.js';

export function outlineKql(query: Query): string {
  const lines: string[] = [];
  const at = (span: { line: number; column: number }): string => `@${span.line}:${span.column}`;
  const values = (node: ValueExpr, depth: number): void => {
    const indent = '  '.repeat(depth);
    if (node.kind === 'term') {
      lines.push(`${indent}${node.quoted ? 'phrase' : node.wildcard ? 'wildcard' : 'value'} ${formatTerm(node)} ${at(node.span)}`);
    } else if (node.kind === 'not') {
      lines.push(`${indent}not ${at(node.span)}`);
      values(node.operand, depth + 1);
    } else {
      lines.push(`${indent}${node.kind} ${at(node.span)}`);
      for (const operand of node.operands) values(operand, depth + 1);
    }
  };
  const walk = (node: Query, depth: number): void => {
    const indent = '  '.repeat(depth);
    switch (node.kind) {
      case 'match-all':
        lines.push(`${indent}match all ${at(node.span)}`);
        return;
      case 'match':
        lines.push(`${indent}${node.field === null ? 'any field' : `field ${formatTerm(node.field)}`} ${at(node.span)}`);
        values(node.values, depth + 1);
        return;
      case 'range':
        lines.push(`${indent}range ${formatTerm(node.field)} ${rangeOperatorText[node.operator]} ${formatTerm(node.value)} ${at(node.span)}`);
        return;
      case 'nested':
        lines.push(`${indent}nested ${formatTerm(node.path)} ${at(node.span)}`);
        walk(node.query, depth + 1);
        return;
      case 'not':
        lines.push(`${indent}not ${at(node.span)}`);
        walk(node.operand, depth + 1);
        return;
      default:
        lines.push(`${indent}${node.kind} ${at(node.span)}`);
        for (const operand of node.operands) walk(operand, depth + 1);
    }
  };
  walk(query, 0);
  return lines.join('\n');
}
