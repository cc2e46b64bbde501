import { ContractViolationError } from '@fieldsync/connector-api';

/** A token endpoint answer the connector can use: the fields it needs, checked. */
export interface SalesforceToken {
  readonly accessToken: string;
  readonly instanceUrl: string;
  /** The identity URL, `…/id/{orgId}/{userId}`. */
  readonly idUrl: string;
  readonly userId: string;
  readonly organizationId: string;
  /** When the token was issued (ms since epoch); the request time when the answer leaves it out. */
  readonly issuedAt: number;
}

/**
 * Checks a token endpoint answer: `access_token`, `instance_url` and the identity URL `id` must be
 * there (jsforce cannot work without `id`). Throws `ContractViolationError` naming what is missing.
 */
export function readTokenResponse(response: unknown, requestedAt: number): SalesforceToken {
  if (typeof response !== 'object' || response === null) throw new ContractViolationError('the token response is not an object', 'oauth2/token');
  const r = response as Record<string, unknown>;
  for (const key of ['access_token', 'instance_url', 'id'] as const) {
    if (typeof r[key] !== 'string' || (r[key] as string).length === 0) {
      throw new ContractViolationError(`the token response has no '${key}'`, 'oauth2/token');
    }
  }
  const idUrl = r.id as string;
  const [organizationId, userId] = idUrl.split('/').slice(-2);
  if (!organizationId || !userId || !/\/id\/[^/]+\/[^/]+$/.test(idUrl)) {
    throw new ContractViolationError(`the token response's id '${idUrl}' is not an identity URL (…/id/{orgId}/{userId})`, 'oauth2/token');
  }
  const issued = Number(r.issued_at);
  return {
    accessToken: r.access_token as string,
    instanceUrl: (r.instance_url as string).replace(/\/+$/, ''),
    idUrl,
    userId,
    organizationId,
    issuedAt: Number.isFinite(issued) && issued > 0 ? issued : requestedAt,
  };
}
