// The headings of a Markdown text, with where they start: enough structure for the guide lints.

export interface Heading {
  readonly level: number;
  readonly text: string;
  /** Offset of the heading line in the Markdown text. */
  readonly offset: number;
}

const headingText = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

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
      const match = headingText.exec(markdown.slice(first, end));
      if (match) headings.push({ level: match[1]!.length, text: match[2]!, offset: start });
    }
    start = end + 1;
  }
  return headings;
}

/** Heading text as compared: case and runs of spaces do not matter. */
export const normalizeHeading = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
