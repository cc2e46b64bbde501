import type { CrmRecord } from '@fieldsync/model';

/** The ids of records, sorted, for order-independent comparison. */
export function idsOf(records: readonly { readonly id: string }[] | readonly CrmRecord[]): string[] {
  return records.map((record) => record.id).sort();
}

/** The ids that occur more than once. */
export function duplicateIds(records: readonly { readonly id: string }[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) duplicates.add(record.id);
    seen.add(record.id);
  }
  return [...duplicates];
}
