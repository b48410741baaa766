import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { CustomerGuard } from '../../src/growth/customer.js';
import { churnRate, cohortRetention } from '../../src/growth/index.js';
import { CustomerRecordSchema } from '../../src/schemas/index.js';
import { TimestampReader } from '../../src/time/timestamp.js';

const T0 = Date.UTC(2024, 0, 1);

/** Values of every shape: valid ones of each field's kind, and near misses. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, 1, -1, 0.1, 49.9, 1.5, -0, 0.1 + 0.2, 2 ** 60, 9e15, Infinity, -Infinity, NaN),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01 00:00:05', '2023-12-31', '2024-02-30', 'soon', ''),
  fc.constantFrom('49.90', '0', '-1', '-0.00', ' 12 ', '1e3', '1,000', '0x10', 'Infinity', '.5', '12.345'),
  fc.constantFrom('EUR', 'USD', 'eur', 'EURO', 'c-1'),
  fc.boolean(),
  fc.constantFrom(new Date(T0), new Date(T0 - 1), new Date(NaN)),
  fc.constantFrom(new Decimal('5.5'), new Decimal('-1'), new Decimal(NaN), new Decimal(Infinity)),
  fc.constantFrom({}, [], [1]),
);

const recordArb = fc.dictionary(fc.constantFrom('customerId', 'startedAt', 'endedAt', 'mrr', 'currency', 'extra'), anyValue, { maxKeys: 6 });
/** Records with every field well formed more often, so that valid records are common. */
const likelyValid = fc.record(
  {
    customerId: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)),
    startedAt: fc.oneof(fc.integer({ min: T0 - 1000, max: T0 + 1000 }), fc.constantFrom('2024-01-01', '2024-01-01T00:00:00.500Z')),
    endedAt: fc.oneof(fc.integer({ min: T0 - 1000, max: T0 + 1000 }), fc.constant(null)),
    mrr: fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constantFrom('10.5', '0.001', 12.34, new Decimal('3.25')), fc.constant(null)),
    currency: fc.constantFrom('EUR', 'USD', null, 'eur'),
  },
  { requiredKeys: ['startedAt'] },
);

describe('CustomerRecordSchema and the hand-written check agree', () => {
  it('on arbitrary records and values', () => {
    const guard = new CustomerGuard(new TimestampReader('UTC'));
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(recordArb, likelyValid, anyValue), (record) => {
        const guardOk = guard.read(record, 0) === null;
        expect(guardOk, String(JSON.stringify(record))).toBe(CustomerRecordSchema.safeParse(record).success);
        if (guardOk) valid++;
      }),
      { numRuns: 3000 },
    );
    // Both outcomes occur often enough for the agreement to mean something.
    expect(valid).toBeGreaterThan(300);
    expect(valid).toBeLessThan(2700);
  });

  it('a metric accepts a record exactly when the schema does, and rejects it with KpiInputError', () => {
    const accepts = (f: () => unknown): boolean => {
      try {
        f();
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(KpiInputError);
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(recordArb, likelyValid, anyValue), (record) => {
        const ok = CustomerRecordSchema.safeParse(record).success;
        expect(accepts(() => churnRate({ customers: [record as never], periodStart: T0, periodEnd: T0 + 500 }))).toBe(ok);
        expect(accepts(() => cohortRetention({ customers: [record as never] }, { period: 'day', asOf: T0 + 86_400_000 }))).toBe(ok);
      }),
      { numRuns: 1000 },
    );
  });
});
