// The canonical text of a KQL query: lower-case keywords, `field: value`, parentheses only where
// precedence needs them, value lists kept under their field, and values escaped as Kibana's
// escapeKuery does (kbn-es-query/src/kuery/utils/escape_kuery.ts) so that the text parses back to
// the same tree. A query longer than one line's width puts each top-level operand on its own line.
import { rangeOperatorText, type Query, type Term, type ValueExpr } from './ast.js';

const lineWidth = 100;

/** Characters Kibana escapes in an unquoted literal (the grammar's SpecialCharacter). */
const specialCharacters = /[\\():<>"*{}]/g;
const whitespaceEscapes: Readonly<Record<string, string>> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

function unquotedText(text: string): string {
  return text
    .replace(specialCharacters, '\\$&')
    .replace(/(\s)(and|or)(?=\s|$)/gi, '$1\\$2')
    // Not `\not` as Kibana's escapeKuery writes it: the grammar reads `\n` there as a newline.
    .replace(/n(ot)(?=\s|$)/gi, (_match, rest: string, offset: number, text: string) => `\\u${text.charCodeAt(offset).toString(16).padStart(4, '0')}${rest}`)
    .replace(/[\t\r\n]/g, (char) => whitespaceEscapes[char] as string);
}

export function formatTerm(term: Term): string {
  if (term.quoted) return `"${String(term.value).replace(/[\\"]/g, '\\$&')}"`;
  if (term.wildcard) return term.wildcard.map(unquotedText).join('*');
  // Only escaped whitespace, trimmed away, leaves an unquoted value empty; `\t` reads back as it.
  if (term.value === '') return '\\t';
  return unquotedText(String(term.value));
}

// A node is parenthesised when its precedence is below what its position needs: an `or` operand
// needs `and` or tighter, an `and` operand needs `not` or tighter, and a `not` operand needs a leaf
// (the grammar has no `not not`). Same-kind chains keep their parentheses, so the text parses back
// to the very same tree.
type Precedence = 0 | 1 | 2 | 3;
const precedence = (kind: string): Precedence => (kind === 'or' ? 0 : kind === 'and' ? 1 : kind === 'not' ? 2 : 3);
const operandNeeds = (kind: 'or' | 'and'): Precedence => (kind === 'or' ? 1 : 2);

function formatValues(values: ValueExpr, parent: Precedence): string {
  switch (values.kind) {
    case 'term':
      return formatTerm(values);
    case 'not':
      return parent > 2 ? `(not ${formatValues(values.operand, 3)})` : `not ${formatValues(values.operand, 3)}`;
    default: {
      const text = values.operands.map((operand) => formatValues(operand, operandNeeds(values.kind))).join(` ${values.kind} `);
      return precedence(values.kind) < parent ? `(${text})` : text;
    }
  }
}

function formatInline(query: Query, parent: Precedence): string {
  switch (query.kind) {
    case 'match-all':
      return '';
    case 'match': {
      const values = query.values.kind === 'term' ? formatTerm(query.values) : `(${formatValues(query.values, 0)})`;
      return query.field === null ? values : `${formatTerm(query.field)}: ${values}`;
    }
    case 'range':
      return `${formatTerm(query.field)} ${rangeOperatorText[query.operator]} ${formatTerm(query.value)}`;
    case 'nested':
      return `${formatTerm(query.path)}: { ${formatInline(query.query, 0)} }`;
    case 'not':
      return parent > 2 ? `(not ${formatInline(query.operand, 3)})` : `not ${formatInline(query.operand, 3)}`;
    default: {
      const text = query.operands.map((operand) => formatInline(operand, operandNeeds(query.kind))).join(` ${query.kind} `);
      return precedence(query.kind) < parent ? `(${text})` : text;
    }
  }
}

export function formatKql(query: Query): string {
  const inline = formatInline(query, 0);
  if (inline.length <= lineWidth || (query.kind !== 'and' && query.kind !== 'or')) return inline;
  return query.operands.map((operand) => formatInline(operand, operandNeeds(query.kind))).join(` ${query.kind}\n`);
}
