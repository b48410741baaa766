/** A function returning numbers in [0, 1), from `seed` (a 32-bit integer): mulberry32, the same sequence everywhere. */
export function seededRandom(seed: number): () => number;
