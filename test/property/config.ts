// Run counts for the property suite: modest by default (the suite stays under ~40 s); scale them up
// for a deep run with `KQL_PROPERTY_SCALE=20 npx vitest run test/property`.
const scale = Number(process.env.KQL_PROPERTY_SCALE ?? '1');

/** `n` runs, times KQL_PROPERTY_SCALE. */
export const runs = (n: number): number => Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
