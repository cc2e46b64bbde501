import type { SyncPlan, SyncPlanPart, SyncPlanRequest } from '@fieldsync/connector-api';
import { ContractViolationError } from '@fieldsync/connector-api';
import type { CustomizationPartHashes } from '@fieldsync/model';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';
import { mapBridgeError } from '../map-bridge-error';
import { decodeCount } from './count';
import { decodeCustomization } from './customization';
import { decodeDescribe } from './describe';
import { decodeDeviceControl } from './device-control';
import { decodePermissions } from './permissions';
import { decodeWhoAmI } from './who-am-i';

/** The `syncPlan` mutation: the start of a sync in one request (a mutation: control marks pending commands delivered). */
export function syncPlanRequest(request: SyncPlanRequest): GraphqlRequest {
  const { known } = request;
  return {
    operationName: 'SyncPlan',
    query: `mutation SyncPlan($input: SyncPlanInput!) {
  syncPlan(input: $input) {
    control {
      state
      forceFullSync { commandId issuedAt entities discardLocalChanges }
      pendingCommands { id kind status issuedAt issuedBy parameters { entities discardLocalChanges } }
    }
    controlError { code message details }
    customization {
      version revision minAppVersion settingsReadOnly
      partHashes { entities settings blobStoreFilter }
      parts { entities settings blobStoreFilter }
    }
    customizationError { code message details }
    whoAmI { userId userName businessUnitId organizationId }
    whoAmIError { code message details }
    permissions
    permissionsError { code message details }
    described
    schema
    schemaError { code message details }
    counts { counts { matching changedSince deletedSince } error { code message details } }
  }
}`,
    variables: {
      input: {
        known: known === undefined ? null : { entities: known.entities, settings: known.settings, blobStoreFilter: known.blobStoreFilter },
        appVersion: request.appVersion ?? null,
        describe: request.describe ?? [],
        counts: (request.counts ?? []).map((count) => ({
          entity: count.entity,
          filter: count.filter ?? null,
          since: count.since,
        })),
      },
    },
  };
}

/** Checks the plan; each part's error becomes the typed error its own operation would have thrown. */
export function decodeSyncPlan(data: JsonObject, request: SyncPlanRequest): SyncPlan {
  const plan = json.object(data.syncPlan, 'syncPlan');
  const known: CustomizationPartHashes | undefined = request.known;
  const asked = request.counts ?? [];
  const counts = json.array(plan.counts, 'syncPlan.counts');
  if (counts.length !== asked.length) throw new ContractViolationError(`expected ${asked.length} counts, got ${counts.length}`, 'syncPlan.counts');
  return {
    control: partOf(plan.control, plan.controlError, 'syncPlan.control', (value) => decodeDeviceControl({ deviceControl: value })),
    customization: partOf(plan.customization, plan.customizationError, 'syncPlan.customization', (value) =>
      decodeCustomization({ customization: value }, known),
    ),
    server: {
      whoAmI: partOf(plan.whoAmI, plan.whoAmIError, 'syncPlan.whoAmI', (value) => decodeWhoAmI({ whoAmI: value })),
      permissions: partOf(plan.permissions, plan.permissionsError, 'syncPlan.permissions', (value) => decodePermissions({ permissions: value })),
      schema: partOf(plan.schema, plan.schemaError, 'syncPlan.schema', (value) => decodeDescribe({ describe: value })),
      described: json.stringList(plan.described, 'syncPlan.described'),
      counts: counts.map((value, index) => {
        const at = `syncPlan.counts[${index}]`;
        const entry = json.object(value, at);
        return partOf(entry.counts, entry.error, at, (found) => decodeCount({ count: found }, true));
      }),
    },
  };
}

/** A part: its value decoded, or its error mapped to the typed error its operation throws. */
function partOf<T>(value: unknown, error: unknown, at: string, decode: (value: unknown) => T): SyncPlanPart<T> {
  if (error !== null && error !== undefined) {
    const refused = json.object(error, `${at}Error`);
    const details = refused.details === null || refused.details === undefined ? {} : json.object(refused.details, `${at}Error.details`);
    return {
      ok: false,
      error: mapBridgeError(
        { message: json.string(refused.message, `${at}Error.message`), extensions: { code: json.nonEmptyString(refused.code, `${at}Error.code`), details } },
        at,
      ),
    };
  }
  return { ok: true, value: decode(value) };
}
