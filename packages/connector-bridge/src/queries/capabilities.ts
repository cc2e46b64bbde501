import { ContractViolationError, type ConnectorCapabilities } from '@fieldsync/connector-api';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `capabilities` query: what the CRM behind the bridge can do. */
export const capabilitiesRequest: GraphqlRequest = {
  operationName: 'Capabilities',
  query: `query Capabilities { capabilities { maxBatchSize maxPageSize clientAssignedIds sharedRecords visibilityChanges fieldLevelSecurity attachments attachmentRanges deletesRetentionDays } }`,
};

/** Checks the bridge's capabilities: positive limits, flags that are booleans. */
export function decodeCapabilities(data: JsonObject): ConnectorCapabilities {
  const at = 'capabilities';
  const value = json.object(data.capabilities, at);
  const positive = (key: string): number => {
    const count = json.count(value[key], `${at}.${key}`);
    if (count === 0) throw new ContractViolationError('expected a limit > 0, got 0', `${at}.${key}`);
    return count;
  };
  const flag = (key: string): boolean => json.boolean(value[key], `${at}.${key}`);
  return {
    maxBatchSize: positive('maxBatchSize'),
    maxPageSize: positive('maxPageSize'),
    clientAssignedIds: flag('clientAssignedIds'),
    sharedRecords: flag('sharedRecords'),
    visibilityChanges: flag('visibilityChanges'),
    fieldLevelSecurity: flag('fieldLevelSecurity'),
    attachments: flag('attachments'),
    attachmentRanges: flag('attachmentRanges'),
    deletesRetentionDays: json.count(value.deletesRetentionDays, `${at}.deletesRetentionDays`),
  };
}
