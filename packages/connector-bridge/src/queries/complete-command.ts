import { decodeUserErrors } from '../decode/decode-user-errors';
import { json, type JsonObject } from '../decode/json-reader';
import type { BridgeUserErrorEntry } from '../errors/bridge-user-error';
import type { GraphqlRequest } from '../graphql-client';

/** The `completeCommand` mutation. */
export function completeCommandRequest(commandId: string, outcome: { readonly ok: boolean; readonly message?: string }): GraphqlRequest {
  return {
    operationName: 'CompleteCommand',
    query: `mutation CompleteCommand($id: ID!, $ok: Boolean!, $message: String) {
  completeCommand(id: $id, ok: $ok, message: $message) { command { id status } userErrors { field message code } }
}`,
    variables: { id: commandId, ok: outcome.ok, message: outcome.message ?? null },
  };
}

/** Checks the payload: the completed command, or user errors. */
export function decodeCompleteCommand(data: JsonObject): BridgeUserErrorEntry[] {
  const payload = json.object(data.completeCommand, 'completeCommand');
  const userErrors = decodeUserErrors(payload.userErrors, 'completeCommand.userErrors');
  if (userErrors.length === 0) json.nonEmptyString(json.object(payload.command, 'completeCommand.command').id, 'completeCommand.command.id');
  return userErrors;
}
