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

/** The code and path of every issue of the KpiInputError that `f` throws (fails when it throws none). */
export function issuesOf(f: () => unknown): { code: string; path: readonly (string | number)[] }[] {
  return thrown(f).issues.map((i) => ({ code: i.code, path: i.path }));
}
