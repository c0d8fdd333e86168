// Canonical text for an ES|QL syntax tree: the source command on the first line, each processing
// command on its own line after `| `, command words, operators and function names upper-case,
// names backquoted only where the grammar needs it, parentheses only where precedence needs them.
// Parsing the output gives back the same tree, spans aside, so a review can tell a real query
// change from a whitespace or comment edit.
import type { Command, Expression, Field, IndexPattern, ListLiteral, Literal, MapExpression, NamePattern, Param, Query } from './ast.js';
import { expressionKeywords } from './scanner.js';

export function formatQuery(query: Query): string {
  const settings = query.settings.map((setting) => `SET ${formatName(setting.name)} = ${formatValue(setting.value)};\n`).join('');
  const [source, ...rest] = query.commands;
  return settings + [formatCommand(source as Command), ...rest.map((command) => `| ${formatCommand(command)}`)].join('\n');
}

function formatCommand(command: Command): string {
  switch (command.kind) {
    case 'from':
    case 'ts': {
      const metadata = command.metadata.length > 0 ? ` METADATA ${command.metadata.map((field) => field.name).join(', ')}` : '';
      return `${command.kind.toUpperCase()} ${command.indices.map(formatIndex).join(', ')}${metadata}`;
    }
    case 'row':
      return `ROW ${formatFields(command.fields)}`;
    case 'show':
      return 'SHOW INFO';
    case 'eval':
      return `EVAL ${formatFields(command.fields)}`;
    case 'where':
      return `WHERE ${formatExpression(command.condition)}`;
    case 'keep':
    case 'drop':
      return `${command.kind.toUpperCase()} ${command.patterns.map(formatPattern).join(', ')}`;
    case 'limit':
      return `LIMIT ${formatValue(command.count)}`;
    case 'stats':
    case 'inline_stats': {
      const head = command.kind === 'stats' ? 'STATS' : 'INLINE STATS';
      const aggregates = command.aggregates
        .map((aggregate) => formatField(aggregate) + (aggregate.filter ? ` WHERE ${formatExpression(aggregate.filter)}` : ''))
        .join(', ');
      const by = command.groupings.length > 0 ? ` BY ${formatFields(command.groupings)}` : '';
      return `${head}${aggregates ? ` ${aggregates}` : ''}${by}`;
    }
    case 'sort':
      return `SORT ${command.orders
        .map((order) => formatExpression(order.expression) + (order.direction ? ` ${order.direction.toUpperCase()}` : '') + (order.nulls ? ` NULLS ${order.nulls.toUpperCase()}` : ''))
        .join(', ')}`;
    case 'rename':
      return `RENAME ${command.renames.map((rename) => `${formatPattern(rename.from)} AS ${formatPattern(rename.to)}`).join(', ')}`;
    case 'dissect': {
      const options = command.options.map((option) => `${formatName(option.name)} = ${formatValue(option.value)}`).join(', ');
      return `DISSECT ${formatOperand(command.input, 8)} ${formatString(command.pattern.value as string)}${options ? ` ${options}` : ''}`;
    }
    case 'grok':
      return `GROK ${formatOperand(command.input, 8)} ${command.patterns.map((pattern) => formatString(pattern.value as string)).join(', ')}`;
    case 'enrich': {
      let text = `ENRICH ${/^[^\\/?"<>| ,#\t\r\n:()]+(:[^\\/?"<>| ,#\t\r\n:()]+)?$/.test(command.policy) ? command.policy : formatString(command.policy)}`;
      if (command.on) text += ` ON ${formatPattern(command.on)}`;
      if (command.with.length > 0) {
        text += ` WITH ${command.with.map((clause) => (clause.name ? `${formatPattern(clause.name)} = ` : '') + formatPattern(clause.field)).join(', ')}`;
      }
      return text;
    }
    case 'mv_expand':
      return `MV_EXPAND ${formatExpression(command.field)}`;
    case 'lookup_join':
      return `LOOKUP JOIN ${formatIndex(command.index)} ON ${command.on.map((condition) => formatExpression(condition)).join(', ')}`;
    case 'change_point': {
      let text = `CHANGE_POINT ${formatExpression(command.value)}`;
      if (command.key) text += ` ON ${formatExpression(command.key)}`;
      if (command.as) text += ` AS ${formatExpression(command.as[0])}, ${formatExpression(command.as[1])}`;
      return text;
    }
    case 'completion':
      return `COMPLETION ${command.target ? `${formatExpression(command.target)} = ` : ''}${formatOperand(command.prompt, 8)}${command.options ? ` WITH ${formatMap(command.options)}` : ''}`;
    case 'sample':
      return `SAMPLE ${formatValue(command.probability)}`;
    case 'fork':
      return `FORK ${command.branches.map((branch) => `(${branch.map(formatCommand).join(' | ')})`).join(' ')}`;
    case 'rerank': {
      const on = command.on.map((field) => (field.expression === field.name ? formatExpression(field.expression) : formatField(field))).join(', ');
      return `RERANK ${command.target ? `${formatExpression(command.target)} = ` : ''}${formatValue(command.queryText)} ON ${on}${command.options ? ` WITH ${formatMap(command.options)}` : ''}`;
    }
    case 'fuse': {
      let text = 'FUSE';
      if (command.method) text += ` ${command.method}`;
      if (command.score) text += ` SCORE BY ${formatExpression(command.score)}`;
      if (command.key.length > 0) text += ` KEY BY ${command.key.map((key) => formatExpression(key)).join(', ')}`;
      if (command.group) text += ` GROUP BY ${formatExpression(command.group)}`;
      if (command.options) text += ` WITH ${formatMap(command.options)}`;
      return text;
    }
  }
}

function formatIndex(index: IndexPattern): string {
  if (index.quoted) return formatString(index.name);
  if (index.cluster !== undefined) return `${index.cluster}:${index.name}`;
  return index.selector !== undefined ? `${index.name}::${index.selector}` : index.name;
}

function formatFields(fields: readonly Field[]): string {
  return fields.map(formatField).join(', ');
}

function formatField(field: Field): string {
  return field.name ? `${formatExpression(field.name)} = ${formatExpression(field.expression)}` : formatExpression(field.expression);
}

/** A pattern part needs backquotes when it holds anything but letters, digits, `_`, `*` and leading `@`. */
function formatPattern(pattern: NamePattern): string {
  return pattern.name
    .split('.')
    .map((part) => (/^([A-Za-z*][A-Za-z0-9_*]*|[_@][A-Za-z0-9_*]+|\?\??[A-Za-z0-9_]*)$/.test(part) ? part : `\`${part.replace(/`/g, '``')}\``))
    .join('.');
}

/** An identifier part is written bare when the lexer reads it back as the same identifier. */
export function formatName(part: string): string {
  return /^([A-Za-z][A-Za-z0-9_]*|[_@][A-Za-z0-9_]+)$/.test(part) && !expressionKeywords.has(part.toLowerCase())
    ? part
    : `\`${part.replace(/`/g, '``')}\``;
}

export function formatString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function formatValue(value: Literal | ListLiteral | Param | MapExpression): string {
  switch (value.kind) {
    case 'literal':
      return formatLiteral(value);
    case 'list':
      return `[${value.items.map(formatLiteral).join(', ')}]`;
    case 'param':
      return `${value.identifier ? '??' : '?'}${value.name}`;
    case 'map':
      return formatMap(value);
  }
}

function formatMap(map: MapExpression): string {
  return `{${map.entries.map((entry) => `${formatString(entry.key)}: ${formatValue(entry.value)}`).join(', ')}}`;
}

function formatLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return literal.value ? 'TRUE' : 'FALSE';
    case 'string':
      return formatString(literal.value as string);
    case 'time_span': {
      const span = literal.value as { amount: number; unit: string };
      return `${literal.text?.split(/\s+/)[0] ?? span.amount} ${span.unit}`;
    }
    default:
      return literal.text ?? String(literal.value);
  }
}

/** Binding strength, loosest first: OR, AND, NOT, predicates, + -, * / %, unary, primary. */
function precedence(expression: Expression): number {
  switch (expression.kind) {
    case 'binary':
      if (expression.operator === 'or') return 1;
      if (expression.operator === 'and') return 2;
      if (expression.operator === '+' || expression.operator === '-') return 5;
      if (expression.operator === '*' || expression.operator === '/' || expression.operator === '%') return 6;
      return 4;
    case 'unary':
      return expression.operator === 'not' ? 3 : 7;
    case 'in':
    case 'is-null':
    case 'like':
    case 'match':
      return 4;
    default:
      return 8;
  }
}

function formatOperand(expression: Expression, minimum: number): string {
  const text = formatExpression(expression);
  return precedence(expression) < minimum ? `(${text})` : text;
}

/** The left side of IN, IS NULL, LIKE: a value expression, so a comparison but no other predicate. */
function formatPredicateValue(expression: Expression): string {
  const text = formatExpression(expression);
  return precedence(expression) < 4 || (precedence(expression) === 4 && expression.kind !== 'binary') ? `(${text})` : text;
}

export function formatExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'literal':
    case 'list':
    case 'param':
      return formatValue(expression);
    case 'column':
      return expression.parts.map(formatName).join('.');
    case 'function': {
      const name = expression.name.toUpperCase();
      if (expression.by) return `${name}(${formatExpression(expression.args[0] as Expression)} BY ${formatExpression(expression.by)})`;
      const args = expression.star ? ['*'] : expression.args.map((arg) => formatExpression(arg));
      if (expression.options) args.push(formatMap(expression.options));
      return `${name}(${args.join(', ')})`;
    }
    case 'unary':
      return expression.operator === 'not' ? `NOT ${formatOperand(expression.operand, 3)}` : `${expression.operator}${formatOperand(expression.operand, 7)}`;
    case 'binary': {
      const level = precedence(expression);
      const operator = expression.operator === 'and' || expression.operator === 'or' ? expression.operator.toUpperCase() : expression.operator;
      if (level === 4) return `${formatOperand(expression.left, 5)} ${operator} ${formatOperand(expression.right, 5)}`;
      // Left-associative: the right operand needs parentheses at the same level.
      return `${formatOperand(expression.left, level)} ${operator} ${formatOperand(expression.right, level + 1)}`;
    }
    case 'in':
      return `${formatPredicateValue(expression.value)} ${expression.negated ? 'NOT IN' : 'IN'} (${expression.list.map((item) => formatPredicateValue(item)).join(', ')})`;
    case 'is-null':
      return `${formatPredicateValue(expression.value)} IS ${expression.negated ? 'NOT NULL' : 'NULL'}`;
    case 'like': {
      const operator = `${expression.negated ? 'NOT ' : ''}${expression.operator.toUpperCase()}`;
      const patterns = expression.patterns.map((pattern) => formatString(pattern.value as string));
      return `${formatPredicateValue(expression.value)} ${operator} ${expression.list ? `(${patterns.join(', ')})` : patterns[0]}`;
    }
    case 'match':
      return `${formatExpression(expression.field)}${expression.cast ? `::${expression.cast}` : ''} : ${formatValue(expression.query)}`;
    case 'cast':
      return `${formatOperand(expression.value, 8)}::${expression.type}`;
  }
}
