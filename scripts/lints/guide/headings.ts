// The headings of a Markdown text, with where they start: enough structure for the guide lints.

export interface Heading {
  readonly level: number;
  readonly text: string;
  /** Offset of the heading line in the Markdown text. */
  readonly offset: number;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * The heading in `line` (which starts with `#`), or undefined: 1–6 `#`, a space or tab, the text,
 * an optional closing run of `#`. Scanned by hand: a regex here backtracks quadratically on long
 * runs of spaces, and a note is user input.
 */
function readHeading(line: string): { level: number; text: string } | undefined {
  let level = 0;
  while (line[level] === '#') level += 1;
  if (level > 6 || (level < line.length && !isBlank(line[level]))) return undefined;
  let text = line.slice(level).trim();
  let closing = text.length;
  while (closing > 0 && text[closing - 1] === '#') closing -= 1;
  if (closing === 0) text = '';
  else if (closing < text.length && isBlank(text[closing - 1])) text = text.slice(0, closing).trimEnd();
  return { level, text };
}

/** ATX headings (`## Title`) outside fenced code blocks. */
export function markdownHeadings(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let inFence = false;
  // Line by line without splitting: only lines starting (after up to 3 spaces) with # or a fence are read.
  for (let start = 0; start < markdown.length; ) {
    const newline = markdown.indexOf('\n', start);
    const end = newline === -1 ? markdown.length : newline;
    let first = start;
    while (first < end && first - start < 3 && markdown.charCodeAt(first) === 32) first += 1;
    const c = markdown[first];
    if ((c === '`' || c === '~') && markdown.startsWith(c.repeat(3), first)) inFence = !inFence;
    else if (c === '#' && !inFence) {
      const heading = readHeading(markdown.slice(first, end));
      if (heading) headings.push({ ...heading, offset: start });
    }
    start = end + 1;
  }
  return headings;
}

/** Heading text as compared: case and runs of spaces do not matter. */
export const normalizeHeading = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
