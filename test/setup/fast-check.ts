import fc from 'fast-check';

/**
 * Property tests replay one fixed seed, so that a run of `npm test` (and CI) is reproducible: the
 * same commit passes or fails the same way on every machine. `FC_SEED=<n>` picks another seed and
 * `FC_SEED=random` a new one per run, for exploring; fast-check prints the seed of any failure, and
 * a counterexample found that way becomes a named regression test.
 */
const chosen = process.env.FC_SEED;
if (chosen !== 'random') {
  const seed = chosen === undefined ? 20_261_207 : Number(chosen);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${JSON.stringify(chosen)}`);
  fc.configureGlobal({ seed });
}
