/**
 * `isResolvedStatus(status, statuses)`: a status is resolved when, lower-cased as
 * `String.prototype.toLowerCase` does it, it is one of the (lower-case) resolved statuses. The
 * comparison without a copy must agree with `statuses.includes(status.toLowerCase())` on any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isResolvedStatus } from '../../src/support/ticket.js';

/** Statuses written as exports write them, and text with letters that lower-case unusually (İ → i̇, Σ, ß, K (Kelvin sign)). */
const status = fc.oneof(
  fc.constantFrom('Solved', 'SOLVED', 'solved', 'Closed', 'resolved ', 'Résolu', 'İ', 'i̇', 'ΣΟΦΊΑ', 'σοφία', 'STRASSE', 'straße', '\u212A', 'k', ''),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', 'B', 'İ', 'i', '\u0307', 'Σ', 'ς', 'K', '\u212A', 'é', 'É'), maxLength: 4 }),
);

describe('isResolvedStatus', () => {
  it('agrees with statuses.includes(status.toLowerCase()) on any text, for any lower-case list', () => {
    fc.assert(
      fc.property(status, fc.array(status, { maxLength: 5 }), (s, list) => {
        const statuses = list.map((x) => x.toLowerCase());
        expect(isResolvedStatus(s, statuses)).toBe(statuses.includes(s.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the statuses of exports case-insensitively (hand-checked)', () => {
    const statuses = ['solved', 'closed', 'resolved'];
    expect(isResolvedStatus('Solved', statuses)).toBe(true);
    expect(isResolvedStatus('CLOSED', statuses)).toBe(true);
    expect(isResolvedStatus('Open', statuses)).toBe(false);
    // 'İ' (U+0130) lower-cases to two code units, 'i̇': matched through toLowerCase.
    expect(isResolvedStatus('İ', ['i̇'])).toBe(true);
    // The Kelvin sign lower-cases to the letter k.
    expect(isResolvedStatus('\u212A', ['k'])).toBe(true);
  });
});
