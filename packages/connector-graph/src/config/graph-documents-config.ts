import type { RetryLimits } from '@fieldsync/connector-api';
import type { Clock } from '@fieldsync/model';

/** How the connector signs in: the app's own rights, or a user's through on-behalf-of. */
export interface GraphCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A user's access token (the bridge's Azure AD sign-in): tokens are then got on behalf of that user. */
  readonly userAssertion?: string;
}

/** Where Azure AD is (defaults to login.microsoftonline.com); the emulator's values for tests. */
export interface GraphAuthorityOptions {
  readonly authority?: string;
  readonly knownAuthorities?: readonly string[];
  readonly authorityMetadata?: string;
  readonly cloudDiscoveryMetadata?: string;
}

/** A `sharepointdocumentlocation` row as Dynamics keeps it: the record's folder, relative to its library. */
export interface DocumentLocation {
  readonly entity: string;
  readonly recordId: string;
  /** The folder path below the library root, `account/Contoso_5c1f0a…`. */
  readonly relativeUrl: string;
}

/** Documents in a SharePoint site's document library. */
export interface SharePointTarget {
  readonly kind: 'sharepoint';
  /** The site: a Graph site id or `hostname:/sites/path`. */
  readonly site: string;
  /** The library's name. @default the site's default library */
  readonly library?: string;
  /** Document locations from Dynamics; a record with none gets the default layout. */
  readonly documentLocations?: readonly DocumentLocation[];
}

/** Documents in a user's OneDrive. */
export interface OneDriveTarget {
  readonly kind: 'onedrive';
  /** The user (id or UPN); absent: `/me` (the on-behalf-of user). */
  readonly user?: string;
  /** The root folder below the drive root that record folders go in; it must exist (seed 003). */
  readonly root: string;
}

/** Configuration of {@link createGraphDocumentsConnector}. */
export interface GraphDocumentsConfig {
  readonly credentials: GraphCredentials;
  readonly authority?: GraphAuthorityOptions;
  readonly target: SharePointTarget | OneDriveTarget;
  /** Graph's origin. @default 'https://graph.microsoft.com' */
  readonly graphUrl?: string;
  /** The token scope. @default `${graphUrl}/.default` */
  readonly scope?: string;
  /** PEM CA to trust (the emulator's self-signed certificate). */
  readonly ca?: string;
  readonly clock: Clock;
  readonly retry?: Partial<RetryLimits>;
  /** Bytes per upload request, rounded down to a multiple of 320 KiB. @default 10 * 320 KiB (3.125 MiB) */
  readonly uploadChunkBytes?: number;
}
