import type { Schema } from '@fieldsync/model';
import { DEMO_ROLE_NAMES } from '@fieldsync/demo-org';

/**
 * The customization a new bridge publishes for the demo org's roles when none exists, so a device
 * syncs on its first start: every entity of the CRM, default settings but `EnableNonBlockingSync`, so
 * that `fieldsync device watch` shows the non-blocking day sync (Refresh Mode non-blocking, decision 183).
 */
export function demoCustomizationDocument(schema: Schema): { entities: { entity: string }[]; settings: { EnableNonBlockingSync: boolean } } {
  return { entities: schema.entities.map((entity) => ({ entity: entity.name })), settings: { EnableNonBlockingSync: true } };
}

/** The roles the demo customization is assigned to, with equal priority. */
export const DEMO_CUSTOMIZATION_ROLES: readonly { role: string; priority: number }[] = Object.values(DEMO_ROLE_NAMES).map((role) => ({ role, priority: 10 }));
