import { performance } from 'node:perf_hooks';
import type { CrmStore } from '@fieldsync/crm-store';
import { isEntityReference, type CrmRecord, type FieldValues } from '@fieldsync/model';
import type { DemoOrg } from '../org/demo-org';
import { DEMO_ROLE_NAMES } from '../org/demo-security';
import type { SeedProgress, SeedSummary } from './seed-summary';

/** Rows per `insertMany` call: big enough for multi-row statements, small enough for steady progress. */
export const SEED_BATCH_SIZE = 5_000;

/** Splits records by owner id (records without an owner under ''), keeping their order within an owner. */
function byOwner(records: readonly CrmRecord[]): Map<string, FieldValues[]> {
  const groups = new Map<string, FieldValues[]>();
  for (const record of records) {
    const { ownerid, ...fields } = record.fields;
    const owner = isEntityReference(ownerid) ? ownerid.id : '';
    const group = groups.get(owner);
    const row = ownerid === undefined ? record.fields : fields;
    if (group) group.push(row);
    else groups.set(owner, [row]);
  }
  return groups;
}

/**
 * Loads a demo org into a crm-store through its system-level API: applies the schema, creates the
 * business units, roles and users (with the org's ids), inserts the records with `insertMany` in
 * batches of {@link SEED_BATCH_SIZE} per owner, parents first, and stores the attachment bodies as the
 * administrator. Quote totals and extended amounts are written as generated, which is what the
 * store's quote rule computes. Meant for an empty store: ids already present throw `STORE_DUPLICATE`.
 */
export async function seedDemoOrg(store: CrmStore, org: DemoOrg, onProgress?: SeedProgress): Promise<SeedSummary> {
  const started = performance.now();
  await store.applySchema(org.schema);
  for (const unit of org.businessUnits) await store.createBusinessUnit({ id: unit.id, name: unit.name, parentId: unit.parentId });
  const roleIds = new Map<string, string>();
  for (const role of org.roles) roleIds.set(role.name, await store.createSecurityRole({ id: role.id, name: role.name, privileges: role.privileges }));
  for (const user of org.users) {
    await store.createUser({
      id: user.id,
      userName: user.userName,
      fullName: user.fullName,
      password: user.password,
      businessUnitId: user.businessUnitId,
    });
    for (const role of user.roles) {
      const roleId = roleIds.get(role);
      if (roleId) await store.assignRole(user.id, roleId);
    }
  }

  const entities = Object.keys(org.records);
  const recordTotal = entities.reduce((sum, entity) => sum + org.records[entity].length, 0);
  const total = recordTotal + org.attachments.length;
  let done = 0;
  onProgress?.(0, total, entities[0] ?? 'records');
  const counts: Record<string, number> = {};
  for (const entity of entities) {
    counts[entity] = 0;
    for (const [ownerId, rows] of byOwner(org.records[entity])) {
      for (let start = 0; start < rows.length; start += SEED_BATCH_SIZE) {
        const batch = rows.slice(start, start + SEED_BATCH_SIZE);
        await store.insertMany(entity, batch, ownerId ? { ownerId } : {});
        counts[entity] += batch.length;
        done += batch.length;
        onProgress?.(done, total, entity);
      }
    }
  }

  if (org.attachments.length > 0) {
    const admin = org.users.find((user) => user.roles.includes(DEMO_ROLE_NAMES.admin)) ?? org.users[0];
    const principal = await store.principalOf(admin.id);
    for (const attachment of org.attachments) {
      await store.putAttachment(principal, {
        entity: attachment.entity,
        id: attachment.recordId,
        fileName: attachment.fileName,
        mimeType: attachment.mimeType,
        body: attachment.body,
        idempotencyKey: `demo-attachment-${attachment.recordId}`,
      });
      done += 1;
      if (done % 100 === 0 || done === total) onProgress?.(done, total, 'attachments');
    }
  }

  return {
    counts,
    records: recordTotal,
    attachments: org.attachments.length,
    businessUnits: org.businessUnits.length,
    roles: org.roles.length,
    users: org.users.length,
    elapsedMs: performance.now() - started,
  };
}
