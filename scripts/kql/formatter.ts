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
    .replace(/(\s)(and|or)(?=\s)/gi, '$1\\$2')
    .replace(/not(?=\s)/gi, '\\$&')
    .replace(/[\t\r\n]/g, (char) => whitespaceEscapes[char] as string);
}

export function formatTerm(term: Term): string {
  if (term.quoted) return `"${String(term.value).replace(/[\\"]/g, '\\$&')}"`;
  if (term.wildcard) return term.wildcard.map(unquotedText).join('*');
  // Only escaped whitespace, trimmed away, leaves an unquoted value empty; `\t` reads back as it.
  if (term.value === '') return '\\t';
  return unquotedText(String(term.value));
}

type Precedence = 0 | 1 | 2 | 3;
const precedence = (kind: string): Precedence => (kind === 'or' ? 0 : kind === 'and' ? 1 : kind === 'not' ? 2 : 3);

function formatValues(values: ValueExpr, parent: Precedence): string {
  switch (values.kind) {
    case 'term':
      return formatTerm(values);
    case 'not':
      return `not ${formatValues(values.operand, 2)}`;
    default: {
      const own = precedence(values.kind);
      const text = values.operands.map((operand) => formatValues(operand, own)).join(` ${values.kind} `);
      return own < parent ? `(${text})` : text;
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
      return `not ${formatInline(query.operand, 2)}`;
    default: {
      const own = precedence(query.kind);
      const text = query.operands.map((operand) => formatInline(operand, own)).join(` ${query.kind} `);
      return own < parent ? `(${text})` : text;
    }
  }
}

export function formatKql(query: Query): string {
  const inline = formatInline(query, 0);
  if (inline.length <= lineWidth || (query.kind !== 'and' && query.kind !== 'or')) return inline;
  const own = precedence(query.kind);
  return query.operands.map((operand) => formatInline(operand, own)).join(` ${query.kind}\n`);
}
