import type { CrmRecord, EntityReference } from '@fieldsync/model';
import type { DemoUser } from '../org/demo-org';
import type { SeededRandom } from '../random/seeded-random';

/** What the record generators share: the generator, the owners, the reference instant and the parents made so far. */
export interface GenerationContext {
  readonly random: SeededRandom;
  /** The sales reps that own the records. */
  readonly reps: readonly DemoUser[];
  /** Milliseconds since the epoch the generated dates are relative to. */
  readonly referenceMs: number;
  /** Records generated so far, by entity. */
  readonly records: Record<string, CrmRecord[]>;
}

/** The owner value of a user. */
export function ownerRef(user: DemoUser): EntityReference {
  return { entity: 'systemuser', id: user.id };
}

/** A reference to a generated record. */
export function refTo(record: CrmRecord): EntityReference {
  return { entity: record.entity, id: record.id };
}

/** The owner of a child: usually the parent's owner (85 %), otherwise any rep. */
export function childOwner(context: GenerationContext, parent: CrmRecord | undefined): EntityReference {
  const parentOwner = parent?.fields.ownerid as EntityReference | undefined;
  if (parentOwner && context.random.chance(0.85)) return parentOwner;
  return ownerRef(context.random.pick(context.reps));
}

const DAY_MS = 86_400_000;

/** An instant `days` days from the reference (negative: before), at a random working hour, as ISO text. */
export function instantAround(context: GenerationContext, fromDays: number, toDays: number): string {
  const day = Math.floor(context.referenceMs / DAY_MS) + context.random.int(fromDays, toDays);
  const minutes = context.random.int(8 * 4, 18 * 4) * 15;
  return new Date(day * DAY_MS + minutes * 60_000).toISOString();
}

/** A day `fromDays`..`toDays` days from the reference, as `YYYY-MM-DD`. */
export function dayAround(context: GenerationContext, fromDays: number, toDays: number): string {
  return instantAround(context, fromDays, toDays).slice(0, 10);
}

/** Rounds to two decimals the way money is stored. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
