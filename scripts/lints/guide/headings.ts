// The headings of a Markdown text, with where they start: enough structure for the guide lints.

export interface Heading {
  readonly level: number;
  readonly text: string;
  /** Offset of the heading line in the Markdown text. */
  readonly offset: number;
}

// One pass over the text: each match is a fence line (group 1) or a heading (groups 2 and 3).
const structureLine = /^ {0,3}(?:(```|~~~).*|(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*)$/gm;

/** ATX headings (`## Title`) outside fenced code blocks. */
export function markdownHeadings(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let inFence = false;
  for (const match of markdown.matchAll(structureLine)) {
    if (match[1] !== undefined) inFence = !inFence;
    else if (!inFence) headings.push({ level: match[2]!.length, text: match[3]!, offset: match.index });
  }
  return headings;
}

/** Heading text as compared: case and runs of spaces do not matter. */
export const normalizeHeading = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
