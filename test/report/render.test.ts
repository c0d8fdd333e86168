// One rendering of a finding as text, on several lines for a terminal or on one line inside a
// longer message: commands and the replay harness all use these.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/report/finding.js';
import { renderFindingLine, renderFindingText } from '../../scripts/report/render.js';

const located: Finding = { code: 'test.documents', severity: 'error', message: 'bad line', file: 'x.ndjson', line: 3, column: 7, hint: 'one JSON object a line' };

describe('finding text', () => {
  it('puts the position, severity, code and message on one line and the hint on the next', () => {
    expect(renderFindingText(located)).toBe('x.ndjson:3:7: error test.documents: bad line\n    hint: one JSON object a line');
  });

  it('on one line, keeps the hint in parentheses', () => {
    expect(renderFindingLine(located)).toBe('x.ndjson:3:7: error test.documents: bad line (one JSON object a line)');
  });

  it('gives as much of the position as is known, column 1 when only the line is', () => {
    const { hint: _, ...withoutHint } = located;
    expect(renderFindingLine({ ...withoutHint, column: undefined })).toBe('x.ndjson:3:1: error test.documents: bad line');
    expect(renderFindingText({ ...withoutHint, line: undefined, column: undefined })).toBe('x.ndjson: error test.documents: bad line');
  });
});
