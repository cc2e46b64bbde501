import type { StoredCustomization, StoredDevice } from '@fieldsync/bridge-store';
import type { Customization } from '@fieldsync/model';
import type { ApiServices } from '../context/api-services';
import { diffCustomizations, type CustomizationContent, type CustomizationDiff } from './customization-diff';

/** What publishing would mean for one device. */
export interface DeviceDryRun {
  readonly device: StoredDevice;
  readonly currentRevision: number | null;
  readonly needsFullSync: boolean;
  readonly entities: readonly string[];
  readonly reasons: readonly string[];
}

/** A revision about to be published, for the dry run. */
export interface Candidate {
  readonly content: CustomizationContent;
  readonly roles: readonly { readonly role: string; readonly priority: number }[];
}

/**
 * The revision a user with `roles` gets among `revisions` (newest first): for each role, the newest
 * revision assigned to it; among those, the highest priority, the newer on a tie.
 */
export function assignedRevision<T extends Pick<StoredCustomization, 'revision' | 'roles'>>(revisions: readonly T[], roles: readonly string[]): T | undefined {
  let best: { revision: T; priority: number } | undefined;
  for (const role of roles) {
    let priority = 0;
    const newest = revisions.find((revision) => revision.roles.some((assignment) => assignment.role === role && ((priority = assignment.priority), true)));
    if (!newest) continue;
    if (!best || priority > best.priority || (priority === best.priority && newest.revision > best.revision.revision)) best = { revision: newest, priority };
  }
  return best?.revision;
}

/** Entities a device downloads in full when moving from `diff`'s old customization to its new one, and why. */
export function fullSyncReasons(diff: CustomizationDiff, hadCustomization: boolean, next: CustomizationContent): { entities: string[]; reasons: string[] } {
  if (!hadCustomization)
    return { entities: next.entities.map((config) => config.entity), reasons: ['first customization for this user: every entity is downloaded in full'] };
  const entities = new Set<string>();
  const reasons: string[] = [];
  for (const entity of diff.entitiesAdded) {
    entities.add(entity);
    reasons.push(`${entity}: newly synchronised`);
  }
  for (const change of diff.entitiesChanged) {
    if (change.fieldsAdded.length > 0) reasons.push(`${change.entity}: fields added (${change.fieldsAdded.join(', ')})`);
    if (change.filterChanged) reasons.push(`${change.entity}: sync filter changed`);
    if (change.otherChanges.includes('forceFullSync')) reasons.push(`${change.entity}: forceFullSync date changed`);
    if (change.fieldsAdded.length > 0 || change.filterChanged || change.otherChanges.includes('forceFullSync')) entities.add(change.entity);
  }
  return { entities: [...entities], reasons };
}

/** Walks every device that is not wiped and tells what publishing `candidate` would do to it. */
export async function dryRunPublication(
  services: ApiServices,
  candidate: Candidate,
  schemaFields: (entity: string) => readonly string[],
): Promise<DeviceDryRun[]> {
  const revisions = await services.state.customizations.list();
  const next = { revision: Number.MAX_SAFE_INTEGER, roles: candidate.roles, content: candidate.content };
  const results: DeviceDryRun[] = [];
  const rolesByUser = new Map<string, readonly string[]>();
  let after: string | undefined;
  for (;;) {
    const page = await services.state.devices.list({ now: new Date(services.now()).toISOString(), first: 500, ...(after ? { after } : {}) });
    for (const device of page.devices) {
      if (device.state === 'wiped') continue;
      let roles = rolesByUser.get(device.userId);
      if (!roles) {
        roles = (await services.backend.user(device.userId))?.roles ?? [];
        rolesByUser.set(device.userId, roles);
      }
      const current = assignedRevision(revisions, roles);
      const future = assignedRevision<Pick<StoredCustomization, 'revision' | 'roles' | 'content'>>([next, ...revisions], roles);
      if (future !== next) {
        results.push({
          device,
          currentRevision: current?.revision ?? null,
          needsFullSync: false,
          entities: [],
          reasons: ['not affected: another customization takes precedence for this user'],
        });
        continue;
      }
      const before = current?.content as Customization | undefined;
      const diff = diffCustomizations(before, candidate.content, schemaFields);
      const { entities, reasons } = fullSyncReasons(diff, before !== undefined, candidate.content);
      results.push({
        device,
        currentRevision: current?.revision ?? null,
        needsFullSync: entities.length > 0,
        entities,
        reasons: reasons.length > 0 ? reasons : ['no entity needs a full download'],
      });
    }
    if (!page.hasNextPage) break;
    after = page.cursors[page.cursors.length - 1];
  }
  return results;
}
