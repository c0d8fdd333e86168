// Multi-valued join keys of sequences and samples, as Elasticsearch 9.x joins them: one key per
// distinct value of an array-valued key field, the cartesian product across several key fields,
// null elements dropped (an array's nulls are not indexed), optional keys null when missing.
import { describe, expect, it } from 'vitest';
import { search, timeline } from './run-query.js';

async function sequences(query: string, sources: Record<string, unknown>[]): Promise<[unknown[] | undefined, string[]][]> {
  const response = await search(query, sources);
  return (response.hits.sequences ?? []).map((s) => [s.join_keys, s.events.map((e) => (e.missing ? '-1' : e._id))]);
}

describe('multi-valued join keys in sequences', () => {
  it('joins an event under each value of an array-valued key', async () => {
    const events = timeline([{ tags: ['a', 'b'], s: 1 }, { tags: 'b', s: 2 }, { tags: ['a'], s: 2 }]);
    expect(await sequences('sequence by tags [process where s == 1] [process where s == 2]', events)).toEqual([
      [['b'], ['1', '2']],
      [['a'], ['1', '3']],
    ]);
  });

  it('numbers stay numbers in join_keys, and duplicates within an array count once', async () => {
    const events = timeline([{ transID: [1234, 599999, 1234], s: 1 }, { transID: 599999, s: 2 }, { transID: [1234, 1234], s: 2 }]);
    expect(await sequences('sequence by transID [process where s == 1] [process where s == 2]', events)).toEqual([
      [[599999], ['1', '2']],
      [[1234], ['1', '3']],
    ]);
  });

  it('takes the cartesian product across several multi-valued key fields', async () => {
    const events = timeline([
      { u: ['x', 'y'], h: ['p', 'q'], s: 1 },
      { u: 'y', h: 'q', s: 2 },
      { u: 'x', h: 'p', s: 2 },
      { u: 'x', h: 'q', s: 2 },
    ]);
    expect(await sequences('sequence by u, h [process where s == 1] [process where s == 2]', events)).toEqual([
      [['y', 'q'], ['1', '2']],
      [['x', 'p'], ['1', '3']],
      [['x', 'q'], ['1', '4']],
    ]);
  });

  it('drops null elements; an all-null key joins nothing unless the field is optional', async () => {
    const events = timeline([
      { k: ['a', null], s: 1 },
      { k: 'a', s: 2 },
      { k: [null], s: 1 },
      { s: 2 },
    ]);
    expect(await sequences('sequence by k [process where s == 1] [process where s == 2]', events)).toEqual([[['a'], ['1', '2']]]);
    expect(await sequences('sequence by ?k [process where s == 1] [process where s == 2]', events)).toEqual([
      [['a'], ['1', '2']],
      [[null], ['3', '4']],
    ]);
  });

  it('an until event drops the pending sequences of each of its keys', async () => {
    const events = timeline([{ k: ['a', 'b'], s: 1 }, { k: ['a', 'c'], s: 'stop' }, { k: ['a', 'b'], s: 2 }]);
    expect(await sequences('sequence by k [process where s == 1] [process where s == 2] until [process where s == "stop"]', events)).toEqual([
      [['b'], ['1', '3']],
    ]);
  });
});

describe('multi-valued join keys in samples', () => {
  it('samples each value of an array-valued key, ordered by key', async () => {
    const events = timeline([{ k: ['b', 'a'], s: 1 }, { k: 'a', s: 2 }, { k: 'b', s: 2 }]);
    const response = await search('sample by k [process where s == 1] [process where s == 2]', events);
    expect(response.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._id)])).toEqual([
      [['a'], ['1', '2']],
      [['b'], ['1', '3']],
    ]);
  });
});
