/**
 * What the rates of record metrics share (tickets, contacts): the confidence option and the Wilson interval of a share.
 *
 * @module
 */
import { type Interval } from './result.js';
import { wilsonInterval } from './stats/proportion.js';
import { zForConfidence } from './stats/normal.js';
import { CONFIDENCE, IssueCollector } from './validate.js';

/** A validated confidence level and its z. @internal */
export interface ConfidenceSettings {
  readonly confidence: number;
  readonly z: number;
}

/** Reads `options.confidence` (default 0.95). @internal */
export function readConfidence(fn: string, value: unknown): ConfidenceSettings {
  const confidence = value ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  issues.throwIfAny();
  return { confidence: confidence as number, z: zForConfidence(confidence as number) };
}

/** The Wilson score interval of `successes / total` (null when total is 0). @internal */
export function shareInterval(successes: number, total: number, s: ConfidenceSettings): Interval | null {
  return wilsonInterval(successes, total, s.z);
}
