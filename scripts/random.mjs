// A seeded pseudo-random generator (mulberry32) for the scripts that write invented data: the
// same sequence on every run and every runtime, so the files they write are the same byte for byte.

/** A function returning numbers in [0, 1), from `seed` (a 32-bit integer). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
