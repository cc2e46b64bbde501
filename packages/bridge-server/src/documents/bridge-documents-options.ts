import type { GraphAuthorityOptions } from '@fieldsync/connector-graph';

/**
 * The bridge's Microsoft Graph backend for record documents (decision 178): the app registration it
 * signs in with (client credentials), and where Graph is. Which site, library or OneDrive root an
 * entity's documents are in comes from the customization (`entities[].documents`).
 */
export interface BridgeDocumentsOptions {
  /** Azure AD tenant id or domain. */
  readonly tenantId: string;
  /** The app registration's client id. */
  readonly clientId: string;
  /** Its client secret. */
  readonly clientSecret: string;
  /** Graph's origin. @default 'https://graph.microsoft.com' */
  readonly graphUrl?: string;
  /** The token scope. @default `${graphUrl}/.default` */
  readonly scope?: string;
  /** Azure AD's authority and metadata (the emulator's in tests). @default login.microsoftonline.com */
  readonly authority?: GraphAuthorityOptions;
  /** PEM certificates to trust besides the system ones (the emulator's). */
  readonly ca?: string;
  /** The OneDrive whose root holds record folders when an entity's `documents` names no `user` (id or UPN). */
  readonly oneDriveUser?: string;
}
