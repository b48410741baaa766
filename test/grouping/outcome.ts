/**
 * What an accumulator run gives, for the tests that compare two ways of adding the same records:
 * its result and state as JSON, or the code and path of each issue of the KpiInputError it raised.
 */
import { KpiInputError } from '../../src/core/errors.js';

/** The result and state, or the error's issues. */
export function outcome(run: () => { result(): unknown; toJSON(): unknown }): unknown {
  try {
    const acc = run();
    return JSON.parse(JSON.stringify({ result: acc.result(), state: acc.toJSON() })) as unknown;
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    return { threw: error.issues.map((i) => ({ code: i.code, path: i.path })) };
  }
}
