import { describe, expect, it } from 'vitest';
import { abandonmentRateAccumulator } from '../../src/contact-center/index.js';
import { KpiInputError } from '../../src/core/errors.js';
import { firstResponseTimeAccumulator, resolutionRateAccumulator } from '../../src/support/index.js';
import { thrown } from '../helpers.js';

// addAll(records, offset?) names record i `offset + i`; the default offset is the count so far, so
// that consecutive calls number records as one array would, and a shard passes its position.
describe('accumulator addAll offsets', () => {
  const good = { createdAt: '2024-05-06T08:00:00Z', firstResponseMs: 60_000, status: 'solved' };
  const bad = { createdAt: 'not a date' };

  it('duration metrics: consecutive addAll calls continue the numbering; an explicit offset places a shard', () => {
    const acc = firstResponseTimeAccumulator.create({ onInvalid: 'exclude' });
    acc.addAll([good, bad]).addAll([bad, good]);
    // The second call's bad ticket is the third of the four: index 2.
    expect(acc.result().excluded.invalidIndices).toEqual([1, 2]);
    const shard = firstResponseTimeAccumulator.create({ onInvalid: 'exclude' }).addAll([good, bad], 1000);
    expect(shard.result().excluded.invalidIndices).toEqual([1001]);
    expect(shard.result().excluded.invalidTickets[0]!.issues[0]!.path).toEqual(['tickets', 1001, 'createdAt']);
  });

  it('counting metrics and contact metrics number the same way', () => {
    const rate = resolutionRateAccumulator.create({ onInvalid: 'exclude' }).addAll([good]).addAll([bad]);
    expect(rate.result().excluded.invalidIndices).toEqual([1]);
    const contacts = abandonmentRateAccumulator
      .create({ onInvalid: 'exclude' })
      .addAll([{ offeredAt: 0 }])
      .addAll([{ offeredAt: 'x' }], 7);
    expect(contacts.result().excluded.invalidIndices).toEqual([7]);
  });

  it('with onInvalid throw, the error names the offset index', () => {
    const e = thrown(() => firstResponseTimeAccumulator.create().addAll([good]).addAll([bad]));
    expect(e).toBeInstanceOf(KpiInputError);
    expect(e.issues[0]!.path).toEqual(['tickets', 1, 'createdAt']);
  });

  it('rejects an offset that is not a non-negative integer', () => {
    for (const offset of [-1, 1.5, Number.NaN, '3']) {
      const e = thrown(() => firstResponseTimeAccumulator.create().addAll([good], offset as number));
      expect(e).toBeInstanceOf(KpiInputError);
      expect(e.issues[0]!.path).toEqual(['offset']);
      expect(thrown(() => resolutionRateAccumulator.create().addAll([good], offset as number))).toBeInstanceOf(KpiInputError);
    }
  });
});

describe('accumulator add one by one', () => {
  it('gives what addAll gives, past the first storage size', () => {
    const tickets = Array.from({ length: 150 }, (_, i) => ({ createdAt: i * 1000, firstResponseMs: (i * 7919) % 10_000 }));
    const one = firstResponseTimeAccumulator.create({ percentiles: [50, 95] });
    for (const t of tickets) one.add(t);
    expect(one.result()).toEqual(
      firstResponseTimeAccumulator
        .create({ percentiles: [50, 95] })
        .addAll(tickets)
        .result(),
    );
  });
});
