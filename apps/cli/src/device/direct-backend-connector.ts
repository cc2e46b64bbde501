import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { createDynamicsConnector } from '@fieldsync/connector-dynamics';
import { createSalesforceConnector } from '@fieldsync/connector-salesforce';
import { InvalidOptionError } from '../errors/cli-errors';

/** The CRM backends a device can sync with directly, without a bridge (besides an embedded CRM file). */
export const DIRECT_BACKENDS = ['salesforce', 'dynamics'] as const;

/** A backend of {@link DIRECT_BACKENDS}. */
export type DirectBackend = (typeof DIRECT_BACKENDS)[number];

/** The options of a direct sync with a commercial CRM, as the device commands take them. */
export interface DirectBackendOptions {
  readonly backend: DirectBackend;
  readonly user?: string;
  readonly password: string;
  /** Salesforce: the login URL. */
  readonly loginUrl?: string;
  /** Salesforce: the external-id field of idempotent creates. */
  readonly externalIdField?: string;
  /** Dynamics: the environment URL (`https://org.crm.dynamics.com` or an emulator's). */
  readonly environmentUrl?: string;
  /** Dynamics: the Azure AD tenant. */
  readonly tenant?: string;
  /** Dynamics: the app registration's client id (public client flows allowed). */
  readonly clientId?: string;
  /** Dynamics: the authority up to the tenant; default Azure AD's. */
  readonly authority?: string;
  /** A PEM file of certificates to trust besides the system ones (a private CA, an emulator's). */
  readonly ca?: string;
}

/** Is `name` a backend of {@link DIRECT_BACKENDS}? */
export function isDirectBackend(name: string | undefined): name is DirectBackend {
  return (DIRECT_BACKENDS as readonly string[]).includes(name ?? '');
}

function required(value: string | undefined, option: string, why: string): string {
  if (value === undefined || value === '') throw new InvalidOptionError(option, why);
  return value;
}

/**
 * Makes the connector of a direct sync with Salesforce or Dynamics from the command's options, and
 * names where it syncs for messages. Throws `INVALID_OPTION` naming a missing or malformed option
 * before anything is contacted.
 */
export function directBackendConnector(options: DirectBackendOptions, cwd: string): { connector: CrmConnector; server: string } {
  const user = required(options.user, '--user', `name the ${options.backend === 'salesforce' ? 'Salesforce' : 'Dynamics'} user to sign in as`);
  if (options.backend === 'salesforce') {
    const loginUrl = required(options.loginUrl, '--login-url', 'name the Salesforce login URL with --backend salesforce');
    const connector = createSalesforceConnector({
      loginUrl,
      credentials: { kind: 'password', username: user, password: options.password },
      ...(options.externalIdField ? { externalIdField: options.externalIdField } : {}),
    });
    return { connector, server: `${user} on Salesforce at ${loginUrl}` };
  }
  const environmentUrl = required(options.environmentUrl, '--environment-url', 'name the Dataverse environment URL with --backend dynamics');
  const tenantId = required(options.tenant, '--tenant', 'name the Azure AD tenant with --backend dynamics');
  let ca: string | undefined;
  if (options.ca !== undefined) {
    const file = path.resolve(cwd, options.ca);
    try {
      ca = readFileSync(file, 'utf8');
    } catch {
      throw new InvalidOptionError('--ca', `cannot read the certificate file ${file}`);
    }
  }
  let knownAuthorities: string[] | undefined;
  if (options.authority !== undefined) {
    let host: string;
    try {
      host = new URL(options.authority).host;
    } catch {
      throw new InvalidOptionError('--authority', `not a URL: ${options.authority}`);
    }
    // An authority msal does not know (a sovereign cloud, an emulator) is trusted as named, without instance discovery.
    knownAuthorities = [host];
  }
  const connector = createDynamicsConnector({
    environmentUrl,
    credentials: { kind: 'password', clientId: options.clientId ?? 'fieldsync', tenantId, username: user, password: options.password },
    ...(options.authority !== undefined ? { authority: { authority: options.authority, ...(knownAuthorities ? { knownAuthorities } : {}) } } : {}),
    ...(ca !== undefined ? { ca } : {}),
  });
  return { connector, server: `${user} on Dynamics at ${environmentUrl}` };
}
