import { KpiInputError } from '../src/core/errors.js';

/** Runs `f`, which must throw a KpiInputError, and returns that error (anything else fails). */
export function thrown(f: () => unknown): KpiInputError {
  try {
    f();
  } catch (error) {
    if (error instanceof KpiInputError) return error;
    throw error;
  }
  throw new Error('expected a KpiInputError');
}
