import { describe, expect, it } from 'vitest';
import { enps, enpsAccumulator, nps } from '../../src/survey/index.js';

describe('enps (NPS computation on employee answers, seed 000 §2)', () => {
  it('computes as nps does and names itself in errors', () => {
    // 9, 10 promoters; 7 passive; 4, 6 detractors → (2 − 2)/5 = 0.
    expect(enps({ responses: [9, 10, 7, 4, 6] }).value).toBe(0);
    expect(enps({ promoters: 50, passives: 30, detractors: 20 })).toEqual(nps({ promoters: 50, passives: 30, detractors: 20 }));
    expect(() => enps({ responses: [12] })).toThrow(/^enps: responses\[0\]/);
    expect(enpsAccumulator.create().addAll([10, 3]).result().value).toBe(0);
  });
});
