// The `query_string` forms Kibana produces from KQL: whitespace-separated terms with backslash
// escapes and `*`/`?` wildcards (kbn-es-query's wildcard.toQueryStringQuery escapes everything else),
// and quoted phrases. Richer Lucene syntax (field prefixes, boolean operators, ranges, fuzziness,
// regular expressions) is refused with a message rather than guessed.
import { DslQueryError } from './errors.js';
import { hasUnescapedWildcard } from './wildcard-pattern.js';

export type QueryStringTerm =
  | { readonly kind: 'term'; readonly text: string; readonly wildcard: boolean }
  | { readonly kind: 'phrase'; readonly text: string };

const SPECIAL = new Set(['+', '-', '=', '&', '|', '>', '<', '!', '(', ')', '{', '}', '[', ']', '^', '~', ':', '/']);

export function parseQueryString(query: string): QueryStringTerm[] {
  const terms: QueryStringTerm[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i];
        i++;
      }
      if (i >= query.length) throw new DslQueryError(`query_string "${query}" has an unterminated phrase`);
      i++;
      terms.push({ kind: 'phrase', text });
      continue;
    }
    // A term: up to the next unescaped whitespace; escapes kept for the wildcard matcher.
    let raw = '';
    while (i < query.length && !/\s/.test(query[i] as string)) {
      const d = query[i] as string;
      if (d === '\\' && i + 1 < query.length) {
        raw += d + (query[i + 1] as string);
        i += 2;
        continue;
      }
      if (SPECIAL.has(d) || d === '"') {
        throw new DslQueryError(`query_string "${query}": unescaped "${d}" is Lucene syntax the embedded evaluator does not run (it runs escaped terms, wildcards and phrases, as Kibana sends)`);
      }
      raw += d;
      i++;
    }
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
      throw new DslQueryError(`query_string "${query}": boolean operators are Lucene syntax the embedded evaluator does not run; use a bool query`);
    }
    terms.push({ kind: 'term', text: raw, wildcard: hasUnescapedWildcard(raw) });
  }
  return terms;
}
