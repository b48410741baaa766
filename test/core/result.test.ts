/**
 * deepFreeze: every object and array inside a result is frozen, arrays walked by index (the
 * numbers and texts passed over), whatever the nesting.
 */
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/core/result.js';

describe('deepFreeze', () => {
  it('freezes objects inside arrays inside objects, and the arrays themselves', () => {
    const inner = { c: 1 };
    const listed = { b: [inner, 2, 'x', null] };
    const value = { a: [1, listed], indices: [0, 5, 9] };
    expect(deepFreeze(value)).toBe(value);
    for (const part of [value, value.a, listed, listed.b, inner, value.indices]) expect(Object.isFrozen(part)).toBe(true);
  });
  it('walks a sparse array and an array of arrays', () => {
    const deep = { d: true };
    const sparse: unknown[] = [];
    sparse[3] = [deep];
    deepFreeze({ sparse });
    expect(Object.isFrozen(sparse)).toBe(true);
    expect(Object.isFrozen(sparse[3])).toBe(true);
    expect(Object.isFrozen(deep)).toBe(true);
  });
  it('leaves primitives as they are', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
    expect(deepFreeze('text')).toBe('text');
  });
});
