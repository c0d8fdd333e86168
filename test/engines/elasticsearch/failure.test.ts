// What the client throws, turned into our errors: environment problems versus run problems.
import { errors } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, ReplayRunError } from '../../../scripts/engines/elasticsearch/errors.js';
import { describeFailure, elasticsearchReason, redact } from '../../../scripts/engines/elasticsearch/failure.js';

const responseError = (statusCode: number, body: unknown) =>
  new errors.ResponseError({ body, statusCode, headers: {}, warnings: null, meta: {} as never });

describe('describeFailure', () => {
  it('reads the nested causes of an Elasticsearch error', () => {
    const body = {
      error: {
        type: 'search_phase_execution_exception',
        reason: 'all shards failed',
        caused_by: { type: 'illegal_argument_exception', reason: 'Result window is too large' },
      },
      status: 400,
    };
    expect(elasticsearchReason(body)).toBe(
      'search_phase_execution_exception: all shards failed; caused by illegal_argument_exception: Result window is too large',
    );
  });

  it('makes 401, 403 and an unavailable cluster environment errors, other rejections run errors', () => {
    const at = (status: number) => describeFailure(responseError(status, { error: { type: 't', reason: 'r' }, status }), 'creating index "x"', 'https://es:9200', []);
    expect(at(401)).toBeInstanceOf(EnvironmentError);
    expect(at(403)).toBeInstanceOf(EnvironmentError);
    expect((at(403) as Error).message).toContain('manage_index_templates');
    expect(at(503)).toBeInstanceOf(EnvironmentError);
    expect((at(503) as Error).message).toBe('Elasticsearch at https://es:9200 is unavailable while creating index "x" (HTTP 503: t: r); check the cluster\'s health and retry');
    expect(at(400)).toBeInstanceOf(ReplayRunError);
    expect((at(400) as Error).message).toBe('Elasticsearch rejected creating index "x" (HTTP 400): t: r');
  });

  it('leaves errors that are not the client\'s unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(describeFailure(bug, 'loading', 'http://es:9200', [])).toBe(bug);
  });

  it('redacts every secret occurrence', () => {
    expect(redact('key abc and abc again, password pw', ['abc', 'pw', ''])).toBe('key [redacted] and [redacted] again, password [redacted]');
  });
});
