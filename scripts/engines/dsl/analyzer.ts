// Elasticsearch's `standard` analyzer: the standard tokenizer (Unicode word segmentation, UAX #29)
// then lower-casing, no stop words. Lucene's StandardTokenizer emits the word-like segments and
// splits tokens longer than 255 characters; Intl.Segmenter implements the same UAX #29 rules
// (ICU additionally groups runs of CJK ideographs into dictionary words where Lucene emits one
// token per ideograph, a difference noted in README.md).

export interface Token {
  readonly term: string;
  /** The token's position in the stream, as match_phrase compares them. */
  readonly position: number;
}

const MAX_TOKEN_LENGTH = 255;
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

export function analyze(text: string): Token[] {
  const tokens: Token[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    const word = segment.segment.toLowerCase();
    for (let start = 0; start < word.length; start += MAX_TOKEN_LENGTH) {
      tokens.push({ term: word.slice(start, start + MAX_TOKEN_LENGTH), position: tokens.length });
    }
  }
  return tokens;
}

/** What a wildcard or prefix pattern becomes on an analysed field: the analyzer's normalisation (lower-casing) only. */
export const normalize = (text: string): string => text.toLowerCase();
