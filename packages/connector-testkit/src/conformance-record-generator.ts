import type { FieldValues } from '@fieldsync/model';

/** The cities generated accounts are spread over, in order; filters in the suite select by them. */
export const CONFORMANCE_CITIES: readonly string[] = ['Bergen', 'Oslo', 'Lyon', 'Porto', 'Tromsø', 'Gdańsk', 'Cork'];

/** Makes field values for the entities of `conformanceSchema`, the same for the same seed. */
export interface ConformanceRecordGenerator {
  /** `count` accounts; the i-th (0-based, counting every account made so far) lives in `CONFORMANCE_CITIES[i % 7]`. */
  accounts(count: number, overrides?: FieldValues): FieldValues[];
  /** `count` contacts, each under `accountId` when given. */
  contacts(count: number, accountId?: string): FieldValues[];
  /** `count` notes, each on the account `accountId` when given. */
  notes(count: number, accountId?: string): FieldValues[];
}

/**
 * A deterministic generator of conformance records: the same `seed` gives the same values, so a
 * failing check can be replayed exactly.
 * @example const gen = createConformanceRecordGenerator(7); await control.seed('account', gen.accounts(100));
 */
export function createConformanceRecordGenerator(seed = 1): ConformanceRecordGenerator {
  const random = mulberry32(seed);
  let accountCount = 0;
  let contactCount = 0;
  let noteCount = 0;
  const pick = (max: number): number => Math.floor(random() * max);
  return {
    accounts(count, overrides = {}) {
      return Array.from({ length: count }, () => {
        const i = accountCount++;
        return {
          name: `Account ${String(i).padStart(6, '0')}`,
          accountnumber: `A-${seed}-${i}`,
          city: CONFORMANCE_CITIES[i % CONFORMANCE_CITIES.length],
          revenue: pick(10_000_000) / 100,
          numberofemployees: pick(5_000),
          creditonhold: pick(2) === 1,
          lastvisit: `2024-${String(1 + pick(12)).padStart(2, '0')}-${String(1 + pick(28)).padStart(2, '0')}`,
          ...overrides,
        };
      });
    },
    contacts(count, accountId) {
      return Array.from({ length: count }, () => {
        const i = contactCount++;
        return {
          fullname: `Contact ${String(i).padStart(6, '0')}`,
          emailaddress1: `contact${i}@example.test`,
          ...(accountId ? { parentcustomerid: { entity: 'account', id: accountId } } : {}),
        };
      });
    },
    notes(count, accountId) {
      return Array.from({ length: count }, () => {
        const i = noteCount++;
        return {
          subject: `Note ${i}`,
          notetext: `Generated note ${i} (seed ${seed}, ${pick(1_000_000)})`,
          ...(accountId ? { objectid: { entity: 'account', id: accountId } } : {}),
        };
      });
    },
  };
}

/** A small seeded PRNG (mulberry32): fast, deterministic, good enough for test data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
