// The headings of a Markdown text, with where they start: enough structure for the guide lints.

export interface Heading {
  readonly level: number;
  readonly text: string;
  /** Offset of the heading line in the Markdown text. */
  readonly offset: number;
}

const headingLine = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const fence = /^ {0,3}(```|~~~)/;

/** ATX headings (`## Title`) outside fenced code blocks. */
export function markdownHeadings(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let offset = 0;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (fence.test(line)) inFence = !inFence;
    else if (!inFence) {
      const match = headingLine.exec(line);
      if (match) headings.push({ level: match[1]!.length, text: match[2]!, offset });
    }
    offset += line.length + 1;
  }
  return headings;
}

/** Heading text as compared: case and runs of spaces do not matter. */
export const normalizeHeading = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
