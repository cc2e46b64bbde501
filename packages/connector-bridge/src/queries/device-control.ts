import type { DeviceCommand, DeviceCommandKind, DeviceControlState, ForcedFullSync } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

const KINDS: readonly DeviceCommandKind[] = ['lock', 'unlock', 'wipe', 'forceFullSync'];
const STATUSES: readonly DeviceCommand['status'][] = ['pending', 'delivered', 'done', 'failed'];

/** The `deviceControl` mutation (a mutation: fetching marks pending commands delivered). */
export const deviceControlRequest: GraphqlRequest = {
  operationName: 'DeviceControl',
  query: `mutation DeviceControl {
  deviceControl {
    state
    forceFullSync { commandId issuedAt entities discardLocalChanges }
    pendingCommands { id kind status issuedAt issuedBy parameters { entities discardLocalChanges } }
  }
}`,
};

/** Checks the device's state, forced full sync and pending commands; nulls become absent fields. */
export function decodeDeviceControl(data: JsonObject): DeviceControlState {
  const control = json.object(data.deviceControl, 'deviceControl');
  const state = json.oneOf(control.state, ['active', 'locked', 'wiped'] as const, 'deviceControl.state');
  const pendingCommands = json
    .array(control.pendingCommands, 'deviceControl.pendingCommands')
    .map((value, index) => decodeCommand(value, `deviceControl.pendingCommands[${index}]`));
  if (control.forceFullSync === null || control.forceFullSync === undefined) return { state, pendingCommands };
  return { state, forceFullSync: decodeForcedFullSync(control.forceFullSync), pendingCommands };
}

function decodeForcedFullSync(value: unknown): ForcedFullSync {
  const at = 'deviceControl.forceFullSync';
  const forced = json.object(value, at);
  const entities = json.optionalStringList(forced.entities, `${at}.entities`);
  return {
    commandId: json.nonEmptyString(forced.commandId, `${at}.commandId`),
    issuedAt: json.string(forced.issuedAt, `${at}.issuedAt`),
    ...(entities === undefined ? {} : { entities }),
    discardLocalChanges: json.boolean(forced.discardLocalChanges, `${at}.discardLocalChanges`),
  };
}

function decodeCommand(value: unknown, at: string): DeviceCommand {
  const command = json.object(value, at);
  const decoded = {
    id: json.nonEmptyString(command.id, `${at}.id`),
    kind: json.oneOf(command.kind, KINDS, `${at}.kind`),
    status: json.oneOf(command.status, STATUSES, `${at}.status`),
    issuedAt: json.string(command.issuedAt, `${at}.issuedAt`),
    issuedBy: json.string(command.issuedBy, `${at}.issuedBy`),
  };
  if (command.parameters === null || command.parameters === undefined) return decoded;
  const parameters = json.object(command.parameters, `${at}.parameters`);
  const entities = json.optionalStringList(parameters.entities, `${at}.parameters.entities`);
  const discard = parameters.discardLocalChanges;
  return {
    ...decoded,
    parameters: {
      ...(entities === undefined ? {} : { entities }),
      ...(discard === null || discard === undefined ? {} : { discardLocalChanges: json.boolean(discard, `${at}.parameters.discardLocalChanges`) }),
    },
  };
}
