// Lucene regular expressions (the syntax of Elasticsearch's `regexp` query, which EQL's `regex`
// uses), matched against the whole string. A pattern is refused where Elasticsearch refuses it:
// longer than `index.max_regex_length` (RegexpQueryBuilder.doToQuery), or too complex to
// determinize within Lucene's work limit (see regex-automaton.ts). Every accepted pattern becomes a
// deterministic automaton, so matching is one step per character: no backtracking, no blow-up.
import { compileAutomaton, runAutomaton, TooComplexError } from './regex-automaton.js';
import { parseRegex, RegexError } from './regex-syntax.js';

export { RegexError };

/** `index.max_regex_length`'s default (IndexSettings.MAX_REGEX_LENGTH_SETTING). */
export const MAX_REGEX_LENGTH = 1000;

/** Compiles a Lucene regular expression into a whole-string test; throws RegexError on bad or refused patterns. */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  // Java's String.length(), as Elasticsearch measures it: UTF-16 code units.
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw new RegexError(
      `The length of regex [${pattern.length}] used in the Regexp Query request has exceeded the allowed maximum of [${MAX_REGEX_LENGTH}]. ` +
        'This maximum can be set by changing the [index.max_regex_length] index level setting.',
    );
  }
  let dfa;
  try {
    dfa = compileAutomaton(parseRegex(pattern, caseInsensitive), pattern);
  } catch (error) {
    if (error instanceof TooComplexError) throw new RegexError(error.message);
    throw error;
  }
  return (value) => runAutomaton(dfa, value);
}
