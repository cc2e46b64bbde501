import type { DeviceRegistration } from '@fieldsync/connector-api';
import { decodeUserErrors } from '../decode/decode-user-errors';
import { json, type JsonObject } from '../decode/json-reader';
import type { BridgeUserErrorEntry } from '../errors/bridge-user-error';
import type { GraphqlRequest } from '../graphql-client';

/** The `registerDevice` mutation (the device is the one the session is bound to). */
export function registerDeviceRequest(device: DeviceRegistration): GraphqlRequest {
  return {
    operationName: 'RegisterDevice',
    query: `mutation RegisterDevice($input: RegisterDeviceInput!) {
  registerDevice(input: $input) { device { deviceId name os appVersion state } userErrors { field message code } }
}`,
    variables: { input: { name: device.name, os: device.os, appVersion: device.appVersion } },
  };
}

/** Checks the payload: the registered device's id, or user errors. */
export function decodeRegisterDevice(data: JsonObject): { readonly deviceId?: string; readonly userErrors: BridgeUserErrorEntry[] } {
  const payload = json.object(data.registerDevice, 'registerDevice');
  const userErrors = decodeUserErrors(payload.userErrors, 'registerDevice.userErrors');
  if (userErrors.length > 0) return { userErrors };
  const device = json.object(payload.device, 'registerDevice.device');
  json.oneOf(device.state, ['active', 'locked', 'wiped'] as const, 'registerDevice.device.state');
  return { deviceId: json.nonEmptyString(device.deviceId, 'registerDevice.device.deviceId'), userErrors };
}
