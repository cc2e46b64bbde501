/**
 * What the engine does when the device changed a record that the server changed too.
 * - `ServerWins`: the local change is discarded and the server record kept;
 * - `ClientWins`: the server change is overwritten by the local one;
 * - `Manual`: the conflict is kept as a sync error for the user to decide;
 * - `FieldMerge`: changes to different fields are merged; when both sides changed the same field
 *   the record is handled as `Manual`, so no local change is ever lost.
 */
export type ConflictPolicy = 'ServerWins' | 'ClientWins' | 'Manual' | 'FieldMerge';

/** Every {@link ConflictPolicy}. */
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['ServerWins', 'ClientWins', 'Manual', 'FieldMerge'];

/**
 * The policy of an entity whose configuration names none. `FieldMerge`, because it is the only
 * automatic policy that never discards a local change (see docs/decisions/021).
 */
export const DEFAULT_CONFLICT_POLICY: ConflictPolicy = 'FieldMerge';
