/**
 * The survey accumulators on the one accumulator contract of core: the versioned JSON state with
 * normalised options, one-argument `fromJSON` that validates everything, `'incompatible'` merges,
 * and answers named by their index in the whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import * as survey from '../../src/survey/index.js';
import { ces, cesAccumulator, csat, csatAccumulator, enps, enpsAccumulator, esat, esatAccumulator, nps, npsAccumulator } from '../../src/survey/index.js';
import { thrown } from '../helpers.js';
import { surveyAccumulatorCases } from './accumulator-cases.js';

/** A JSON copy, as a state travels between processes. */
const viaJson = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('survey accumulators: the JSON state', () => {
  it('is the versioned envelope, with the options normalised and the counts per scale point', () => {
    const acc = npsAccumulator.create().addAll([10, 9, 0]).add(7);
    expect(viaJson(acc)).toEqual({
      format: 'kpi-kit/accumulator',
      version: 2,
      metric: 'nps',
      options: { confidence: 0.95, intervalMethod: 'wald', scale: '0-10' },
      seen: 4,
      invalid: { count: 0, indices: [], listed: [] },
      state: [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1],
    });
    expect(viaJson(csatAccumulator.create({ scale: 'binary' }).addAll(['good', false, true]))).toMatchObject({
      metric: 'csat',
      options: { scale: 'binary', satisfied: [1], confidence: 0.95 },
      seen: 3,
      state: [1, 2],
    });
    expect(viaJson(cesAccumulator.create({ scale: '1-5', direction: 'higher-is-harder' }).add(2))).toMatchObject({
      metric: 'ces',
      options: { scale: '1-5', direction: 'higher-is-harder', easy: [1, 2], confidence: 0.95 },
      state: [0, 1, 0, 0, 0],
    });
  });

  it('fills in every default, so that equal meanings give equal options (and merge)', () => {
    const options = (acc: { toJSON(): { options: unknown } }) => acc.toJSON().options;
    expect(options(csatAccumulator.create())).toEqual(options(csatAccumulator.create({ satisfied: [4, 5] })));
    expect(options(csatAccumulator.create({ satisfied: { atLeast: 4 } }))).toEqual({ scale: '1-5', satisfied: [4, 5], confidence: 0.95 });
    expect(options(csatAccumulator.create({ satisfied: [5, 4, 5] }))).toEqual(options(csatAccumulator.create()));
    expect(options(csatAccumulator.create({ scale: { min: 1, max: 5 } }))).toEqual(options(csatAccumulator.create({ scale: '1-5' })));
    expect(options(csatAccumulator.create({ scale: 'binary', satisfied: ['good'] }))).toEqual(
      options(csatAccumulator.create({ scale: 'binary', satisfied: [true] })),
    );
    expect(options(csatAccumulator.create({ scale: { min: 0, max: 1 } }))).toEqual({ scale: { min: 0, max: 1 }, satisfied: [1], confidence: 0.95 });
    // A custom 1-3 scale has no name among ces's scales: it stays { min, max }.
    expect(options(cesAccumulator.create({ scale: { min: 1, max: 3 } }))).toEqual({
      scale: { min: 1, max: 3 },
      direction: 'higher-is-easier',
      easy: [3],
      confidence: 0.95,
    });
    expect(options(npsAccumulator.create({ intervalMethod: 'wald' }))).toEqual(options(npsAccumulator.create()));
    const merged = csatAccumulator
      .create()
      .addAll([5, 1])
      .merge(csatAccumulator.create({ satisfied: { atLeast: 4 }, scale: { min: 1, max: 5 } }).add(4));
    expect(merged.result()).toEqual(csat({ responses: [5, 1, 4] }));
  });

  it('the normalised options are data: changing a copy changes nothing', () => {
    const acc = csatAccumulator.create().add(5);
    const json = acc.toJSON();
    expect(Object.isFrozen(json.options)).toBe(true);
    expect(Object.isFrozen(json.options['satisfied'])).toBe(true);
    (json.state as number[])[4] = 99;
    expect(acc.result().n).toBe(1);
  });

  it('create(normalised options) gives the same normalised options (idempotent), for every case', () => {
    for (const c of surveyAccumulatorCases) {
      fc.assert(
        fc.property(c.input, ({ options }) => {
          const once = c.create(options).toJSON().options;
          expect(c.create(once).toJSON().options, c.name).toEqual(once);
          expect(c.create(viaJson(once)).toJSON().options, c.name).toEqual(once);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('a round trip through JSON keeps every option', () => {
    const acc = npsAccumulator.create({ confidence: 0.8, intervalMethod: 'adjusted-wald', scale: '1-10' }).addAll([10, 1, 8]);
    const back = npsAccumulator.fromJSON(viaJson(acc));
    expect(back.toJSON()).toEqual(acc.toJSON());
    expect(back.result()).toEqual(nps({ responses: [10, 1, 8] }, { confidence: 0.8, intervalMethod: 'adjusted-wald', scale: '1-10' }));
    expect(back.result().confidence).toBe(0.8);
    const c = csatAccumulator.create({ scale: '1-7', satisfied: { atMost: 2 }, confidence: 0.8 }).addAll([1, 7]);
    expect(csatAccumulator.fromJSON(viaJson(c)).result()).toEqual(csat({ responses: [1, 7] }, { scale: '1-7', satisfied: [1, 2], confidence: 0.8 }));
    const e = cesAccumulator.create({ scale: { min: 0, max: 4 }, direction: 'higher-is-harder', easy: [0], confidence: 0.8 }).add(0);
    expect(cesAccumulator.fromJSON(viaJson(e)).result()).toMatchObject({
      scale: '0-4',
      direction: 'higher-is-harder',
      easyScores: [0],
      confidence: 0.8,
      easy: 1,
    });
    const empty = esatAccumulator.fromJSON(viaJson(esatAccumulator.create({ confidence: 0.8 })));
    expect(empty.n).toBe(0);
    expect(empty.result()).toEqual(esat({ responses: [] }, { confidence: 0.8 }));
  });
});

describe('survey accumulators: merge', () => {
  it('refuses other options with code incompatible, naming the option', () => {
    const a = csatAccumulator.create({ satisfied: [4, 5] }).add(4);
    const b = csatAccumulator.create({ satisfied: [5] }).add(5);
    const e = thrown(() => a.merge(b));
    expect(e.code).toBe('incompatible');
    expect(e.path).toEqual(['other', 'options', 'satisfied']);
    expect(e.message).toBe('csatAccumulator.merge: cannot merge csat accumulators made with different options: satisfied is [4,5] here and [5] in the other');
    expect(a.n).toBe(1);
    expect(b.n).toBe(1);
    const ces1 = thrown(() => cesAccumulator.create().merge(cesAccumulator.create({ direction: 'higher-is-harder', easy: [5, 6, 7] })));
    expect([ces1.code, ces1.path]).toEqual(['incompatible', ['other', 'options', 'direction']]);
    const nps1 = thrown(() => npsAccumulator.create().merge(npsAccumulator.create({ intervalMethod: 'adjusted-wald' })));
    expect([nps1.code, nps1.path]).toEqual(['incompatible', ['other', 'options', 'intervalMethod']]);
  });

  it('refuses another metric with the same options (nps and enps, csat and esat)', () => {
    const e = thrown(() => npsAccumulator.create().merge(enpsAccumulator.create()));
    expect([e.code, e.path]).toEqual(['incompatible', ['other', 'metric']]);
    expect(thrown(() => esatAccumulator.create().merge(csatAccumulator.create())).code).toBe('incompatible');
    expect(thrown(() => npsAccumulator.create().merge({} as never)).code).toBe('invalid_type');
  });

  it('every incompatible pair of every case is refused, both ways, and changes neither side', () => {
    for (const c of surveyAccumulatorCases) {
      expect(c.incompatible.length, c.name).toBeGreaterThanOrEqual(3);
      for (const [x, y] of c.incompatible) {
        const a = c.create(x);
        const b = c.create(y);
        const before = [viaJson(a), viaJson(b)];
        expect(thrown(() => a.merge(b)).code, `${c.name} ${JSON.stringify([x, y])}`).toBe('incompatible');
        expect(thrown(() => b.merge(a)).code, `${c.name} ${JSON.stringify([y, x])}`).toBe('incompatible');
        expect([viaJson(a), viaJson(b)]).toEqual(before);
      }
    }
  });

  it('leaves the other accumulator as it was; merging with itself doubles', () => {
    const a = npsAccumulator.create().addAll([10, 3]);
    const b = npsAccumulator.create().add(9);
    a.merge(b);
    expect(b.n).toBe(1);
    expect(b.result()).toEqual(nps({ responses: [9] }));
    expect(a.merge(a).result()).toEqual(nps({ responses: [10, 3, 9, 10, 3, 9] }));
  });
});

describe('survey accumulators: answers', () => {
  it('add names the answer by its index (default: the answers so far)', () => {
    const acc = npsAccumulator.create().addAll([10, 9]);
    const e = thrown(() => acc.add(11));
    expect(e.message).toBe('nps: responses[2] must be an integer from 0 to 10 (scale 0-10), got 11');
    expect([e.code, e.path, e.input]).toEqual(['out_of_range', ['responses', 2], 11]);
    expect(thrown(() => acc.add(2.5, 41)).path).toEqual(['responses', 41]);
    expect(thrown(() => acc.add('9', 41)).code).toBe('invalid_type');
    expect(thrown(() => csatAccumulator.create({ scale: 'binary' }).add('meh', 3)).message).toBe(
      'csat: responses[3] must be "good", "bad", true, false, 1 or 0, got "meh"',
    );
    expect(thrown(() => acc.add(9, -1)).path).toEqual(['index']);
    expect(acc.n).toBe(2);
    expect(acc.result()).toEqual(nps({ responses: [10, 9] }));
  });

  it('addAll names answers offset + i, lists every invalid one, and counts nothing of a bad batch', () => {
    const acc = csatAccumulator.create().addAll([5, 4]);
    const e = thrown(() => acc.addAll([5, 9, 3, 0], 100));
    expect(e.fn).toBe('csat');
    expect(e.message).toBe('csat: responses[101] must be an integer from 1 to 5 (scale 1-5), got 9 (and 1 more problem: see .issues)');
    expect(e.issues.map((i) => i.path)).toEqual([
      ['responses', 101],
      ['responses', 103],
    ]);
    const more = thrown(() => acc.addAll(new Array(150).fill(6)));
    expect([more.issues.length, more.issueCount, more.issues[0]?.path]).toEqual([100, 150, ['responses', 2]]);
    expect(acc.n).toBe(2);
    expect(acc.toJSON().state).toEqual([0, 0, 0, 1, 1]);
    expect(thrown(() => acc.addAll('5')).path).toEqual(['responses']);
    expect(thrown(() => acc.addAll([5], -2)).path).toEqual(['offset']);
  });

  it('addAll takes typed arrays, and numbers consecutive batches as one array would', () => {
    const acc = npsAccumulator
      .create()
      .addAll(Int8Array.from([10, 9]))
      .addAll(Float64Array.from([3]));
    acc.addAll(new Uint8Array([7, 8]));
    expect(acc.result()).toEqual(nps({ responses: [10, 9, 3, 7, 8] }));
    expect(thrown(() => acc.addAll(Float32Array.from([1.5]))).path).toEqual(['responses', 5]);
  });

  it('a bigint answer is a KpiInputError, never a TypeError (accumulators and metric functions)', () => {
    expect(thrown(() => npsAccumulator.create().addAll(new BigInt64Array(2))).issues.map((i) => i.path)).toEqual([
      ['responses', 0],
      ['responses', 1],
    ]);
    expect(npsAccumulator.create().addAll(new BigInt64Array(0)).n).toBe(0);
    expect(thrown(() => npsAccumulator.create().addAll([9, 1n] as never)).path).toEqual(['responses', 1]);
    expect(thrown(() => npsAccumulator.create().add(1n)).code).toBe('invalid_type');
    expect(thrown(() => nps({ responses: [9, 1n] as never })).path).toEqual(['responses', 1]);
    expect(thrown(() => ces({ responses: [2n] as never })).code).toBe('invalid_type');
  });

  it('options are checked as the metric checks them', () => {
    expect(thrown(() => csatAccumulator.create({ satisfied: [6] })).path).toEqual(['options', 'satisfied', 0]);
    expect(thrown(() => npsAccumulator.create({ confidnce: 0.9 } as never)).path).toEqual(['options', 'confidnce']);
    expect(thrown(() => cesAccumulator.create({ scale: 'binary' as never })).path).toEqual(['options', 'scale']);
  });
});

describe('survey accumulators: fromJSON validates the whole state', () => {
  const good = viaJson(csatAccumulator.create({ satisfied: [5] }).addAll([5, 4, 4]));

  const cases: [string, Record<string, unknown>, (string | number)[]][] = [
    ['a negative count', { ...good, state: [0, 0, 0, 3, -1] }, ['state', 4]],
    ['a NaN count', { ...good, state: [0, 0, 0, 2, Number.NaN] }, ['state', 4]],
    ['a fractional count', { ...good, state: [0, 0, 0, 2, 0.5] }, ['state', 4]],
    ['a count beyond 2^53', { ...good, state: [0, 0, 0, 2, 2 ** 53] }, ['state', 4]],
    ['a count as a string', { ...good, state: [0, 0, 0, 2, '1'] }, ['state', 4]],
    ['too few counts', { ...good, state: [0, 0, 2, 1] }, ['state']],
    ['too many counts', { ...good, state: [0, 0, 0, 2, 1, 0] }, ['state']],
    ['counts as an object', { ...good, state: { 4: 2, 5: 1 } }, ['state']],
    ['no state', { ...good, state: undefined }, ['state']],
    ['seen not the sum of the counts', { ...good, seen: 4 }, ['seen']],
    ['a negative seen', { ...good, seen: -3 }, ['seen']],
    ['an unknown version', { ...good, version: 1 }, ['version']],
    ['no version', { ...good, version: undefined }, ['version']],
    ['another format', { ...good, format: 'kpi-kit/survey' }, ['format']],
    ['another metric', { ...good, metric: 'esat' }, ['metric']],
    ['options not normalised (a default left out)', { ...good, options: { satisfied: [5] } }, ['options', 'scale']],
    ['options not normalised ({ atLeast })', { ...good, options: { scale: '1-5', satisfied: { atLeast: 5 }, confidence: 0.95 } }, ['options', 'satisfied']],
    [
      'options not normalised (a custom scale that has a name)',
      { ...good, options: { scale: { min: 1, max: 5 }, satisfied: [5], confidence: 0.95 } },
      ['options', 'scale'],
    ],
    [
      'options not normalised (unsorted points)',
      { ...good, options: { scale: '1-5', satisfied: [5, 4], confidence: 0.95 }, state: [0, 0, 0, 2, 1] },
      ['options', 'satisfied'],
    ],
    ['an unknown option', { ...good, options: { ...(good['options'] as object), satisfed: [5] } }, ['options', 'satisfed']],
    ['an invalid option', { ...good, options: { ...(good['options'] as object), confidence: 1.5 } }, ['options', 'confidence']],
    ['invalid records that a survey accumulator never keeps', { ...good, seen: 4, invalid: { count: 1, indices: [3], listed: [] } }, ['invalid', 'count']],
    ['an invalid list longer than seen', { ...good, invalid: { count: 9, indices: [], listed: [] } }, ['invalid', 'count']],
  ];

  for (const [what, json, path] of cases) {
    it(`throws KpiInputError for ${what}`, () => {
      const e = thrown(() => csatAccumulator.fromJSON(json));
      expect(e.fn).toBe('csatAccumulator.fromJSON');
      expect(e.path).toEqual(path);
    });
  }

  it('throws for what is not a state at all, and takes one argument', () => {
    for (const bad of [null, undefined, 3, 'x', [], { metric: 'csat', options: {}, counts: [0, 0, 0, 0, 0] }]) {
      expect(() => csatAccumulator.fromJSON(bad)).toThrow(KpiInputError);
    }
    expect(csatAccumulator.fromJSON.length).toBe(1);
    expect(csatAccumulator.fromJSON(good).result()).toEqual(csat({ responses: [5, 4, 4] }, { satisfied: [5] }));
  });

  it('a tampered state never gives NaN: any change of a count is refused or read as counts', () => {
    fc.assert(
      fc.property(fc.nat({ max: 4 }), fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constant(null), fc.string()), (i, value) => {
        const state = [...(good['state'] as number[])];
        state[i] = value as number;
        const seen = state.reduce((s, x) => s + (typeof x === 'number' ? x : 0), 0);
        let acc;
        try {
          acc = csatAccumulator.fromJSON({ ...good, state, seen: Number.isSafeInteger(seen) && seen >= 0 ? seen : 0 });
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
          return;
        }
        const r = acc.result();
        expect(r.n).toBe(acc.n);
        if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
      }),
    );
  });
});

describe('survey accumulators: the cases for the all-factory suite', () => {
  const metricOf: Record<string, (input: { responses: never }, options: never) => unknown> = {
    npsAccumulator: nps,
    enpsAccumulator: enps,
    csatAccumulator: csat,
    esatAccumulator: esat,
    cesAccumulator: ces,
  };

  it('one case per survey accumulator factory exported', () => {
    const exported = Object.keys(survey)
      .filter((k) => k.endsWith('Accumulator'))
      .sort();
    expect(surveyAccumulatorCases.map((c) => c.name).sort()).toEqual(exported);
  });

  it('their inputs are valid, and any split through JSON merges to the metric over all answers', () => {
    for (const c of surveyAccumulatorCases) {
      fc.assert(
        fc.property(c.input, fc.array(fc.nat(), { maxLength: 3 }), ({ options, records }, cuts) => {
          const points = [0, ...cuts.map((x) => x % (records.length + 1)).sort((a, b) => a - b), records.length];
          const parts = points.slice(1).map((end, i) => records.slice(points[i], end));
          const accs = parts.map((p, i) => c.fromJSON(viaJson(c.create(options).addAll(p, points[i]))));
          const merged = accs.reverse().reduce((a, b) => a.merge(b), c.create(options));
          const expected = (metricOf[c.name] as (i: unknown, o: unknown) => unknown)({ responses: records }, options);
          expect(merged.result(), c.name).toEqual(expected);
          expect(merged.n).toBe(records.length);
        }),
        { numRuns: 150 },
      );
    }
  });
});
