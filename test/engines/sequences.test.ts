// Event ordering, pipes, sequences and samples, against Elasticsearch's EQL reference and its
// sequence state machine (x-pack/plugin/eql SequenceMatcher).
import { describe, expect, it } from 'vitest';
import { compileQuery, EventOrderError } from '../../scripts/engines/embedded/compile-query.js';
import { documents, ids, parse, search, timeline } from './run-query.js';

describe('event order', () => {
  it('orders by timestamp, then tiebreaker, then input order; no tiebreaker sorts last', async () => {
    const events = [
      { id: 'a', '@timestamp': 2, event: { category: 'process' }, tb: 1 },
      { id: 'b', '@timestamp': 1, event: { category: 'process' }, tb: 9 },
      { id: 'c', '@timestamp': 1, event: { category: 'process' } },
      { id: 'd', '@timestamp': 1, event: { category: 'process' }, tb: 3 },
      { id: 'e', '@timestamp': '1970-01-01T00:00:00.001Z', event: { category: 'process' }, tb: 3 },
    ];
    expect(await ids('process where true', events, { tiebreaker_field: 'tb' })).toEqual(['d', 'e', 'b', 'c', 'a']);
    expect(await ids('process where true', events)).toEqual(['b', 'c', 'd', 'e', 'a']);
  });

  it('never returns an event without a timestamp', async () => {
    expect(await ids('any where true', [{ id: 'x' }, { id: 'y', '@timestamp': 5 }])).toEqual(['y']);
  });
});

describe('head, tail and size', () => {
  const events = timeline(Array.from({ length: 8 }, () => ({})));

  it('head and tail apply in order; tail keeps ascending order', async () => {
    expect(await ids('process where true | head 3', events)).toEqual(['1', '2', '3']);
    expect(await ids('process where true | tail 3', events)).toEqual(['6', '7', '8']);
    expect(await ids('process where true | head 5 | tail 2', events)).toEqual(['4', '5']);
  });

  it('size caps the results, from the end result_position names', async () => {
    expect(await ids('process where true', events, { size: 2 })).toEqual(['1', '2']);
    expect(await ids('process where true', events, { size: 2, result_position: 'tail' })).toEqual(['7', '8']);
  });

  it('reports the returned count as the total', async () => {
    const response = await search('process where true | head 3', events);
    expect(response.hits.total).toEqual({ value: 3, relation: 'eq' });
    expect(response.hits.events?.[0]).toEqual({ _index: 'test', _id: '1', _source: events[0] });
  });
});

describe('sequences', () => {
  it('a newer pending sequence replaces an older one in the same state', async () => {
    const events = timeline([{ s: 1 }, { s: 2 }, { s: 3 }, { s: 4 }, { s: 5 }]);
    expect(await ids('sequence [process where s < 5] [process where s == 5]', events)).toEqual(['4', '5']);
    expect(await ids('sequence [process where s <= 3] [process where true] [process where true]', events)).toEqual(
      ['1', '2', '3', '2', '3', '4', '3', '4', '5'],
    );
  });

  it('joins by keys, and an event with a null key joins nothing unless the field is optional', async () => {
    const events = timeline([
      { user: 'a', step: 1 },
      { user: 'b', step: 2 },
      { user: 'a', step: 2 },
      { step: 1 },
      { step: 2 },
    ]);
    const response = await search('sequence by user [process where step == 1] [process where step == 2]', events);
    expect(response.hits.sequences).toEqual([
      { join_keys: ['a'], events: [expect.objectContaining({ _id: '1' }), expect.objectContaining({ _id: '3' })] },
    ]);
    expect(await ids('sequence by ?user [process where step == 1] [process where step == 2]', events)).toEqual(['1', '3', '4', '5']);
  });

  it('keys per step pair fields by position', async () => {
    const events = timeline([{ pid: 7 }, { ppid: 7 }, { ppid: 8 }]);
    expect(await ids('sequence [process where pid == 7] by pid [process where ppid != null] by ppid', events)).toEqual(['1', '2']);
  });

  it('maxspan is inclusive', async () => {
    const events = timeline([{ s: 1 }, { s: 2 }], 60_000);
    expect(await ids('sequence with maxspan=1m [process where s == 1] [process where s == 2]', events)).toEqual(['1', '2']);
    expect(await ids('sequence with maxspan=59s [process where s == 1] [process where s == 2]', events)).toEqual([]);
    expect(await ids('sequence with maxspan=59999ms [process where s == 1] [process where s == 2]', events)).toEqual([]);
  });

  it('until drops the pending sequences of its key', async () => {
    const events = timeline([
      { k: 'a', s: 1 },
      { k: 'b', s: 1 },
      { k: 'a', s: 'stop' },
      { k: 'a', s: 2 },
      { k: 'b', s: 2 },
    ]);
    const query = 'sequence by k [process where s == 1] [process where s == 2] until [process where s == "stop"]';
    expect(await ids(query, events)).toEqual(['2', '5']);
  });

  it('runs=N repeats a step', async () => {
    const events = timeline([{ s: 'x' }, { s: 'x' }, { s: 'x' }, { s: 'y' }]);
    expect(await ids('sequence [process where s == "x"] with runs=2 [process where s == "y"]', events)).toEqual(['2', '3', '4']);
    expect(await ids('sequence [process where s == "x"] with runs=3 [process where s == "y"]', events)).toEqual(['1', '2', '3', '4']);
  });

  it('a single step with runs=N is a sequence of N events of that step (production rules use it)', async () => {
    const events = timeline([{ h: 'a' }, { h: 'a' }, { h: 'b' }, { h: 'a' }, { h: 'a' }]);
    const response = await search('sequence by h with maxspan=10s [process where true] with runs=3', events);
    expect(response.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._id)])).toEqual([
      [['a'], ['1', '2', '4']],
      [['a'], ['2', '4', '5']],
    ]);
    expect(await ids('sequence by h with maxspan=2s [process where true] with runs=3', events)).toEqual([]);
  });

  it('one event never fills two stages of one sequence', async () => {
    const events = timeline([{}, {}]);
    expect(await ids('sequence [process where true] [process where true]', events)).toEqual(['1', '2']);
    expect(await ids('sequence [process where true] [process where true]', events.slice(0, 1))).toEqual([]);
  });

  it('head and tail select among sequences ordered by their last event', async () => {
    const events = timeline([{ s: 1 }, { s: 2 }, { s: 1 }, { s: 2 }, { s: 1 }, { s: 2 }]);
    const query = 'sequence [process where s == 1] [process where s == 2]';
    expect(await ids(`${query} | head 1`, events)).toEqual(['1', '2']);
    expect(await ids(`${query} | tail 1`, events)).toEqual(['5', '6']);
    expect(await ids(`${query} | head 2 | tail 1`, events)).toEqual(['3', '4']);
    expect(await ids(query, events, { size: 2 })).toEqual(['1', '2', '3', '4']);
  });
});

describe('missing events', () => {
  const query = (steps: string) => `sequence by k with maxspan=10s ${steps}`;

  it('a middle ![...] step rejects a sequence with a matching event in between', async () => {
    const events = timeline([
      { k: 'a', s: 'start' },
      { k: 'a', s: 'stop' },
      { k: 'a', s: 'end' },
      { k: 'b', s: 'start' },
      { k: 'a', s: 'stop' },
      { k: 'b', s: 'end' },
    ]);
    const response = await search(
      query('[process where s == "start"] ![process where s == "stop"] [process where s == "end"]'),
      events,
    );
    expect(response.hits.sequences).toEqual([
      {
        join_keys: ['b'],
        events: [expect.objectContaining({ _id: '4' }), { _index: '', _id: '', missing: true }, expect.objectContaining({ _id: '6' })],
      },
    ]);
  });

  it('a trailing ![...] step looks maxspan past the first event, and a leading one maxspan before the last', async () => {
    const events = timeline([
      { k: 'a', s: 'start' },
      { k: 'a', s: 'stop' },
      { k: 'b', s: 'start' },
      { k: 'c', s: 'stop' },
      { k: 'c', s: 'start' },
    ]);
    expect(await ids(query('[process where s == "start"] ![process where s == "stop"]'), events)).toEqual(['3', '-1', '5', '-1']);
    // a's stop comes after its start, so only c (stopped one second before starting) is rejected.
    expect(await ids(query('![process where s == "stop"] [process where s == "start"]'), events)).toEqual(['-1', '1', '-1', '3']);
    const late = timeline([{ k: 'a', s: 'start' }, { k: 'a', s: 'stop' }], 11_000);
    expect(await ids(query('[process where s == "start"] ![process where s == "stop"]'), late)).toEqual(['1', '-1']);
  });
});

describe('missing events before and after', () => {
  // One positive event between two missing-step events ten minutes either side of it.
  const events = timeline([{ s: 'stop' }, { s: 'start' }, { s: 'stop' }], 600_000);
  const query = (maxspan: string) => `sequence with maxspan=${maxspan} ![process where s == "stop"] [process where s == "start"] ![process where s == "stop"]`;

  it('with a leading and a trailing ![...] step, rejects only when both events fall within maxspan of each other', async () => {
    expect(await ids(query('19m'), events)).toEqual(['-1', '2', '-1']);
    expect(await ids(query('20m'), events)).toEqual([]);
  });

  it('a lone leading ![...] event within maxspan rejects; beyond it does not', async () => {
    const leadingOnly = (maxspan: string) => `sequence with maxspan=${maxspan} ![process where s == "stop"] [process where s == "start"]`;
    expect(await ids(leadingOnly('10m'), events)).toEqual([]);
    expect(await ids(leadingOnly('9m'), events)).toEqual(['-1', '2']);
  });

  it('a middle ![...] event counts only strictly between its neighbours\' timestamps', async () => {
    const sameTime = [
      { '@timestamp': 1, event: { category: 'process' }, id: '1', s: 'start' },
      { '@timestamp': 1, event: { category: 'process' }, id: '2', s: 'stop' },
      { '@timestamp': 2, event: { category: 'process' }, id: '3', s: 'end' },
    ];
    const q = 'sequence with maxspan=1s [process where s == "start"] ![process where s == "stop"] [process where s == "end"]';
    expect(await ids(q, sameTime)).toEqual(['1', '-1', '3']);
  });
});

describe('samples', () => {
  it('joins events by key in any time order, ordered by key', async () => {
    const events = timeline([
      { host: 'b', kind: 'y' },
      { host: 'a', kind: 'y' },
      { host: 'b', kind: 'x' },
      { host: 'a', kind: 'x' },
      { host: 'c', kind: 'x' },
    ]);
    const response = await search('sample by host [process where kind == "x"] [process where kind == "y"]', events);
    expect(response.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._id)])).toEqual([
      [['a'], ['4', '2']],
      [['b'], ['3', '1']],
    ]);
  });

  it('takes events in input order, not time order, and sorts missing key values first', async () => {
    const events = [
      { '@timestamp': 9, event: { category: 'process' }, id: 'late', h: 'b', k: 'x' },
      { '@timestamp': 1, event: { category: 'process' }, id: 'early', h: 'b', k: 'x' },
      { '@timestamp': 5, event: { category: 'process' }, id: 'y', h: 'b', k: 'y' },
      { '@timestamp': 5, event: { category: 'process' }, id: 'nx', k: 'x' },
      { '@timestamp': 5, event: { category: 'process' }, id: 'ny', k: 'y' },
    ];
    const response = await search('sample by ?h [process where k == "x"] [process where k == "y"]', events);
    expect(response.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._id)])).toEqual([
      [[null], ['nx', 'ny']],
      [['b'], ['late', 'y']],
    ]);
  });

  it('returns up to max_samples_per_key samples per key', async () => {
    const events = timeline([{ h: 'a', k: 'x' }, { h: 'a', k: 'y' }, { h: 'a', k: 'x' }, { h: 'a', k: 'y' }]);
    const query = 'sample by h [process where k == "x"] [process where k == "y"]';
    expect(await ids(query, events)).toEqual(['1', '2']);
    expect(await ids(query, events, { max_samples_per_key: 2 })).toEqual(['1', '2', '3', '4']);
  });
});

describe('streaming', () => {
  it('sorted input streams; an event out of order is a clear error', () => {
    const matcher = compileQuery(parse('sequence [process where true] [process where true]'), { inputOrder: 'sorted' });
    const [first, second] = documents(timeline([{}, {}]));
    matcher.push(second!);
    expect(() => matcher.push(first!)).toThrow(EventOrderError);
    expect(() => matcher.push(first!)).toThrow(/sort the input/);
  });

  it('without maxspan, sequences still match over a bounded input in any order', async () => {
    const events = timeline([{ s: 1 }, { s: 2 }], 86_400_000 * 30);
    expect(await ids('sequence [process where s == 1] [process where s == 2]', [...events].reverse())).toEqual(['1', '2']);
  });

  it('drops pending sequences older than maxspan as the stream advances', () => {
    const query = (maxspan: string) => parse(`sequence by k ${maxspan} [process where s == 1] [process where s == 2]`);
    const events = documents(timeline(Array.from({ length: 20_000 }, (_, i) => ({ k: `key-${i}`, s: 1 }))));
    const bounded = compileQuery(query('with maxspan=1m'), { inputOrder: 'sorted' });
    const unbounded = compileQuery(query(''), { inputOrder: 'sorted' });
    for (const event of events) {
      bounded.push(event);
      unbounded.push(event);
    }
    // One sequence per key is pending; with maxspan only the last minute's (plus one sweep's worth) stay.
    expect(bounded.pendingState()).toBeLessThan(2_000);
    expect(unbounded.pendingState()).toBe(20_000);
  });

  it('counts every match even when size returns fewer', () => {
    const matcher = compileQuery(parse('sequence [process where s == 1] [process where s == 2]'), { size: 1, inputOrder: 'sorted' });
    for (const doc of documents(timeline([{ s: 1 }, { s: 2 }, { s: 1 }, { s: 2 }]))) matcher.push(doc);
    const response = matcher.finish();
    expect(response.hits.sequences).toHaveLength(1);
    expect(matcher.stats.matches).toBe(2);
  });
});

describe('queries the engine refuses', () => {
  it('a sequence of missing events only', async () => {
    await expect(ids('sequence with maxspan=1m ![process where true] ![file where true]', timeline([{}]))).rejects.toThrow(
      /at least one step that is not a missing event/,
    );
  });
});
