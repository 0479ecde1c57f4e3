// Run counts and seed for the property suite.
//
// Run counts are modest by default (the suite stays under ~40 s); scale them up for a deep run with
// `KQL_PROPERTY_SCALE=20 npx vitest run test/property`.
//
// The seed is fixed by default so that `npm test` (and CI) is repeatable: a failure reproduces on
// every machine. Exploring new inputs is a separate, deliberate act:
// `KQL_PROPERTY_SEED=random npm run test:explore` (or any number) — fast-check prints the seed and
// path of any counterexample, which then becomes a golden regression case.
import fc from 'fast-check';

const scale = Number(process.env.KQL_PROPERTY_SCALE ?? '1');

/** `n` runs, times KQL_PROPERTY_SCALE. */
export const runs = (n: number): number => Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));

const seedSetting = process.env.KQL_PROPERTY_SEED ?? '20261130';
if (seedSetting !== 'random') {
  const seed = Number(seedSetting);
  if (!Number.isInteger(seed)) throw new Error(`KQL_PROPERTY_SEED must be an integer or 'random', not '${seedSetting}'`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
