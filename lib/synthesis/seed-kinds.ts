/** A snippet's seed items by kind (lib/synthesis/seeds.ts); apart, so job specs read them without the stage's code. */
export const SEED_KINDS = ["DS1", "DS2", "IMPORTED"] as const;
export type SeedKind = (typeof SEED_KINDS)[number];
