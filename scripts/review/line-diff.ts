// A line diff of two texts, as unified-diff hunks: what a reviewer reads for a changed query,
// note or description.

export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
}

/** Above this many cells the middle of the texts is shown as replaced rather than aligned line by line. */
const MAX_TABLE_CELLS = 4_000_000;

/** Every line of both texts in order: kept, removed or added (a longest-common-subsequence alignment). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const kept = (lines: string[]): DiffLine[] => lines.map((text) => ({ kind: ' ', text }));
  return [...kept(a.slice(0, start)), ...alignMiddle(a.slice(start, endA), b.slice(start, endB)), ...kept(a.slice(endA))];
}

function alignMiddle(a: string[], b: string[]): DiffLine[] {
  const removed = a.map((text): DiffLine => ({ kind: '-', text }));
  const added = b.map((text): DiffLine => ({ kind: '+', text }));
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_TABLE_CELLS) return [...removed, ...added];
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      common[i * width + j] =
        a[i] === b[j] ? (common[(i + 1) * width + j + 1] as number) + 1 : Math.max(common[(i + 1) * width + j] as number, common[i * width + j + 1] as number);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: ' ', text: a[i] as string });
      i += 1;
      j += 1;
    } else if ((common[(i + 1) * width + j] as number) >= (common[i * width + j + 1] as number)) lines.push(removed[i++] as DiffLine);
    else lines.push(added[j++] as DiffLine);
  }
  return [...lines, ...removed.slice(i), ...added.slice(j)];
}

/**
 * The changes between two texts as unified-diff hunks (`@@ -1,3 +1,4 @@` headers, `context` lines
 * around each change); empty when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const lines = diffLines(before, after);
  const changed = lines.flatMap((line, index) => (line.kind === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  // Group changes whose context windows touch into one hunk.
  const hunks: { from: number; to: number }[] = [];
  for (const index of changed) {
    const from = Math.max(0, index - context);
    const to = Math.min(lines.length, index + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && from <= last.to) last.to = to;
    else hunks.push({ from, to });
  }
  // Line numbers in each text at each position of the alignment.
  const lineA: number[] = [];
  const lineB: number[] = [];
  let countA = 0;
  let countB = 0;
  for (const line of lines) {
    lineA.push(countA + 1);
    lineB.push(countB + 1);
    if (line.kind !== '+') countA += 1;
    if (line.kind !== '-') countB += 1;
  }
  const output: string[] = [];
  for (const { from, to } of hunks) {
    const slice = lines.slice(from, to);
    const sizeA = slice.filter((line) => line.kind !== '+').length;
    const sizeB = slice.filter((line) => line.kind !== '-').length;
    const startA = sizeA === 0 ? (lineA[from] as number) - 1 : (lineA[from] as number);
    const startB = sizeB === 0 ? (lineB[from] as number) - 1 : (lineB[from] as number);
    output.push(`@@ -${startA},${sizeA} +${startB},${sizeB} @@`, ...slice.map((line) => `${line.kind}${line.text}`));
  }
  return output.join('\n');
}
