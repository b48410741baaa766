/**
 * The zod schema of a record kind, built from its declaration (the same one its guard and its
 * checker come from; property tests keep the three in agreement). In its own module so that code
 * that does not use schemas does not bundle zod.
 *
 * @module
 */
import { z } from 'zod';
import { TimestampSchema } from '../time/schemas.js';
import { MAX_DURATION_MS, TimestampReader } from '../time/timestamp.js';
import { type FieldKind, type FieldOf, type FieldTable, type RecordKind } from './kind.js';

const utc = /* @__PURE__ */ new TimestampReader('UTC');

/** The zod schema of one field kind. */
export function fieldSchema(kind: FieldKind): z.ZodType {
  switch (kind) {
    case 'timestamp':
      return TimestampSchema;
    case 'duration':
      return z.number().min(0).max(MAX_DURATION_MS);
    case 'label':
      return z.string();
    case 'id':
      return z.union([z.string(), z.number().finite()]);
    case 'count':
      return z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return z.boolean();
    case 'number':
      return z.number().finite();
  }
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * The schema of the fields `fields` (default: all) of a record kind: those in `required` (default:
 * the kind's) required, the rest optional and nullable, unknown keys passing through; exclusive
 * fields not both present; timestamps in order; durations within the kind's agreement of the span
 * of their timestamps. Zone-less timestamp strings are valid in any zone, so the schema needs none
 * (it orders them as UTC).
 */
export function recordSchema<F extends FieldTable>(
  kind: RecordKind<F>,
  fields: readonly FieldOf<F>[] = kind.names,
  required: readonly FieldOf<F>[] = kind.required,
) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const s = fieldSchema(kind.fields[field] as FieldKind);
    shape[field] = required.includes(field) ? s : s.nullish();
  }
  const has = (f: string): boolean => (fields as readonly string[]).includes(f);
  const exclusive = kind.exclusive.filter(([a, b]) => has(a) && has(b));
  const order = kind.order.filter(([a, b]) => has(a) && has(b));
  return z.looseObject(shape).superRefine((value, ctx) => {
    const record = value as Record<string, unknown>;
    for (const [a, b, reason] of exclusive) {
      if (present(record[a]) && present(record[b])) ctx.addIssue({ code: 'custom', path: [b], message: `both ${a} and ${b}: ${reason}` });
    }
    for (const [later, earlier] of order) {
      if (!present(record[later]) || !present(record[earlier])) continue;
      const t = utc.read(record[later]);
      const e = utc.read(record[earlier]);
      if (t < e) {
        ctx.addIssue({ code: 'custom', path: [later], message: `${later} is before ${earlier}` });
        continue;
      }
      for (const s of kind.spans) {
        if (s.to !== later || s.from !== earlier || !has(s.duration)) continue;
        const given = record[s.duration];
        if (typeof given === 'number' && Math.abs(given - (t - e)) > kind.agreementMs) {
          ctx.addIssue({ code: 'custom', path: [s.duration], message: `${s.duration} disagrees with ${later} − ${earlier}` });
        }
      }
    }
  });
}
