import type { GraphqlRequest } from '@fieldsync/connector-bridge';

const USER_ERRORS = 'userErrors { field message code line column }';
const CHANGES = `changes { empty
  entities { entity change fieldsAdded fieldsRemoved filter { before after } options { name before after } }
  settings { name change before after } blobStoreFilter { before after } }`;

/** The input of `publishCustomization` and `dryRunCustomization`. */
export interface PublicationInput {
  readonly content: unknown;
  readonly roles: readonly { readonly role: string; readonly priority: number }[];
  readonly minAppVersion?: string;
  readonly settingsReadOnly?: boolean;
  readonly comment?: string;
}

/** The newest published revision's number and roles (the default roles of a publication). */
export const newestRevisionRequest: GraphqlRequest = {
  operationName: 'CustomizationRevisions',
  query: 'query CustomizationRevisions { customizations { revision roles { role priority } } }',
};

/** Validates `content` and compares it with a revision (the newest when absent). */
export function checkCustomizationRequest(content: unknown, againstRevision: number | undefined): GraphqlRequest {
  return {
    operationName: 'CheckCustomization',
    query: `query CheckCustomization($content: JSON!, $against: Int) {
      checkCustomization(content: $content, againstRevision: $against) { ${USER_ERRORS} warnings { field message } againstRevision ${CHANGES} }
    }`,
    variables: { content, against: againstRevision ?? null },
  };
}

/** Which devices publishing `input` would send to a full sync, of what, with how many records. */
export function dryRunCustomizationRequest(input: PublicationInput): GraphqlRequest {
  return {
    operationName: 'DryRunCustomization',
    query: `query DryRunCustomization($input: PublishCustomizationInput!) {
      dryRunCustomization(input: $input) {
        ${USER_ERRORS}
        devices { device { deviceId name user { userName } } currentRevision needsFullSync entities downloads { entity records } reasons }
      }
    }`,
    variables: { input },
  };
}

/** Publishes `input` as the newest revision. */
export function publishCustomizationRequest(input: PublicationInput): GraphqlRequest {
  return {
    operationName: 'PublishCustomization',
    query: `mutation PublishCustomization($input: PublishCustomizationInput!) {
      publishCustomization(input: $input) { customization { revision version roles { role priority } publishedAt warnings { field message } } ${USER_ERRORS} }
    }`,
    variables: { input },
  };
}
