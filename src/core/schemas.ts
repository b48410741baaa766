/**
 * zod schemas built from the same validation rules as the hand-written guards (see
 * `validate.ts`), so the exported schemas accept exactly what the functions accept. Kept in their
 * own modules so that code which never touches a schema does not pull zod into a bundle.
 *
 * @module
 */
import { z } from 'zod';
import { type Rule, describeRule, isArrayLike } from './validate.js';

/** The zod schema of one validation rule. */
export function ruleSchema(rule: Rule): z.ZodType<number | string | boolean> {
  const message = { error: `must be ${describeRule(rule)}` };
  switch (rule.kind) {
    case 'count':
      return z.number(message).int(message).min(0, message).max(Number.MAX_SAFE_INTEGER, message);
    case 'finite':
      return z.number(message);
    case 'nonNegative':
      return z.number(message).min(0, message);
    case 'positive':
      return z.number(message).gt(0, message);
    case 'integerRange':
      return z.number(message).int(message).min(rule.min, message).max(rule.max, message);
    case 'range':
      return rule.open ? z.number(message).gt(rule.min, message).lt(rule.max, message) : z.number(message).min(rule.min, message).max(rule.max, message);
    case 'boolean':
      return z.boolean(message);
    case 'oneOf':
      return z.union(rule.values.map((v) => z.literal(v)));
  }
}

/** A schema for an array or typed array (not BigInt) whose elements match `element`; parses to an array. */
export function arrayLikeSchema<T>(element: z.ZodType<T>) {
  return z
    .custom<ArrayLike<unknown>>(isArrayLike, { error: 'must be an array or a typed array' })
    .transform((value) => Array.from(value))
    .pipe(z.array(element));
}

/**
 * The schema of a metric's input forms, told apart by field names as the functions tell them
 * apart: exactly one form's fields may be present (the fields of the other forms must be absent).
 */
export function inputFormsSchema(forms: readonly z.ZodRawShape[]) {
  const fieldsOf = forms.map((shape) => Object.keys(shape));
  const variants = forms.map((shape, i) => {
    const others: Record<string, z.ZodOptional<z.ZodUndefined>> = {};
    fieldsOf.forEach((fields, j) => {
      if (j !== i) for (const f of fields) if (!(f in shape)) others[f] = z.undefined().optional();
    });
    return z.object({ ...others, ...shape });
  });
  if (variants.length === 1) return variants[0] as z.ZodObject;
  return z.union(variants as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);
}
