import { randomUUID } from 'node:crypto';
import type { Clock } from '@fieldsync/model';
import type { AccessTokenRegistry } from './access-tokens';
import type { AzureAdAppRegistration, AzureAdDirectory } from './azure-ad-directory';

/** An Azure AD token endpoint answer: status and JSON body. */
export interface TokenEndpointResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The `error` and status Azure AD answers for an AADSTS code. */
const AAD_ERRORS: Record<number, { error: string; status: number; description: string }> = {
  7000215: {
    error: 'invalid_client',
    status: 401,
    description: 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  },
  700016: {
    error: 'unauthorized_client',
    status: 400,
    description: 'Application was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant.',
  },
  50126: { error: 'invalid_grant', status: 400, description: 'Error validating credentials due to invalid username or password.' },
  50057: { error: 'invalid_grant', status: 400, description: 'The user account is disabled.' },
  90002: {
    error: 'invalid_request',
    status: 400,
    description: 'Tenant not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.',
  },
  70011: {
    error: 'invalid_scope',
    status: 400,
    description: "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.",
  },
  900144: { error: 'invalid_request', status: 400, description: "The request body must contain the following parameter: 'grant_type'." },
  70000: { error: 'invalid_grant', status: 400, description: "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid." },
  70003: { error: 'unsupported_grant_type', status: 400, description: 'The app requested an unsupported grant type.' },
  50196: { error: 'temporarily_unavailable', status: 503, description: 'The server terminated an operation because it encountered a client request loop.' },
};

/** Azure AD's error body for an AADSTS code: `{"error","error_description":"AADSTSnnn: …","error_codes",…}`. */
export function aadError(code: number, clock: Clock, detail?: string): TokenEndpointResponse {
  const known = AAD_ERRORS[code] ?? { error: 'invalid_request', status: 400, description: 'The request is invalid.' };
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(clock.now())
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    status: known.status,
    body: {
      error: known.error,
      error_description: `AADSTS${code}: ${detail ?? known.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

/** What the token endpoint needs. */
export interface TokenEndpointContext {
  /** The users who sign in (ROPC) and the application users of the apps. */
  readonly directory: AzureAdDirectory;
  readonly clock: Clock;
  readonly tokens: AccessTokenRegistry;
  readonly apps: readonly AzureAdAppRegistration[];
  readonly tenantId: string;
  /** The environment URL; the only resource tokens are issued for (`${url}/.default`). */
  readonly resourceUrl: string;
  readonly accessTokenTtlMs: number;
  /** Where an on-behalf-of `assertion` issued elsewhere (another emulator's tenant) is recognised. @default only this registry */
  readonly assertions?: (token: string) => { readonly userId: string } | undefined;
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ typ: 'JWT', alg: 'none' })}.${encode(claims)}.`;
}

/** The grant msal-node's `acquireTokenOnBehalfOf` sends, with `requested_token_use=on_behalf_of`. */
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * `POST /{tenant}/oauth2/v2.0/token`: the `client_credentials` grant (a configured app's id and secret;
 * the token acts as the app's application user), the `password` grant (ROPC: a directory user's name
 * and password; answers an `id_token`, `client_info` and a `refresh_token` as msal-node expects), the
 * `refresh_token` grant (a refresh token is used once) and the on-behalf-of grant (the `assertion` is
 * an unexpired access token this tenant issued, from any emulator sharing the registry, or one issued
 * here; the new token acts as its user). Errors are Azure AD's.
 */
export async function handleTokenRequest(context: TokenEndpointContext, tenant: string, form: URLSearchParams): Promise<TokenEndpointResponse> {
  const { clock } = context;
  if (tenant !== context.tenantId && tenant !== 'organizations')
    return aadError(90002, clock, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  const grant = form.get('grant_type');
  if (!grant) return aadError(900144, clock);
  const clientId = form.get('client_id') ?? '';
  const app = context.apps.find((a) => a.clientId === clientId);
  if (!app) return aadError(700016, clock, `Application with identifier '${clientId}' was not found in the directory '${context.tenantId}'.`);
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
  const resourceScope = `${context.resourceUrl}/.default`;
  const resourceScopes = scopes.filter((s) => !['openid', 'profile', 'offline_access'].includes(s));
  if (resourceScopes.length !== 1 || (resourceScopes[0] !== resourceScope && resourceScopes[0] !== `${context.resourceUrl}//.default`)) {
    return aadError(
      70011,
      clock,
      `The provided value for the input parameter 'scope' is not valid. The scope '${scopes.join(' ')}' is not valid; use '${resourceScope}'.`,
    );
  }
  let userId: string;
  if (grant === 'client_credentials') {
    if (form.get('client_secret') !== app.clientSecret)
      return aadError(
        7000215,
        clock,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    const user = await context.directory.findUserByName(app.applicationUserName);
    if (!user || user.disabled) return aadError(50057, clock, `The application user '${app.applicationUserName}' is disabled or missing.`);
    userId = user.id;
  } else if (grant === 'password') {
    const secret = form.get('client_secret');
    if (secret !== null && secret !== app.clientSecret) return aadError(7000215, clock);
    const userName = form.get('username') ?? '';
    const user = await context.directory.findUserByName(userName);
    try {
      await context.directory.signIn(userName, form.get('password') ?? '');
    } catch {
      return user?.disabled ? aadError(50057, clock) : aadError(50126, clock);
    }
    if (!user) return aadError(50126, clock);
    userId = user.id;
  } else if (grant === 'refresh_token') {
    const redeemed = context.tokens.redeemRefreshToken(form.get('refresh_token') ?? '');
    if (!redeemed || redeemed.clientId !== clientId) return aadError(70000, clock);
    const user = await context.directory.getUser(redeemed.userId);
    if (!user || user.disabled) return aadError(50057, clock);
    userId = user.id;
  } else if (grant === JWT_BEARER_GRANT && form.get('requested_token_use') === 'on_behalf_of') {
    if (form.get('client_secret') !== app.clientSecret) return aadError(7000215, clock);
    const assertion = context.tokens.lookup(form.get('assertion') ?? '') ?? context.assertions?.(form.get('assertion') ?? '');
    if (!assertion) return aadError(70000, clock);
    const user = await context.directory.getUser(assertion.userId);
    if (!user || user.disabled) return aadError(50057, clock);
    userId = user.id;
  } else {
    return aadError(70003, clock, `The app requested an unsupported grant type '${grant}'.`);
  }
  const signedInUser = grant !== 'client_credentials';
  const issued = context.tokens.issue(userId, clientId);
  const expiresIn = Math.round(context.accessTokenTtlMs / 1000);
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: signedInUser ? `${resourceScope.replace('/.default', '/user_impersonation')}` : undefined,
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: issued.token,
  };
  if (signedInUser) {
    const user = await context.directory.getUser(userId);
    const nowSeconds = Math.floor(clock.now() / 1000);
    body['id_token'] = unsignedJwt({
      aud: clientId,
      iss: `${context.resourceUrl}/${context.tenantId}/v2.0`,
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + expiresIn,
      name: user?.fullName,
      oid: userId,
      preferred_username: user?.userName,
      sub: userId,
      tid: context.tenantId,
      ver: '2.0',
    });
    body['client_info'] = Buffer.from(JSON.stringify({ uid: userId, utid: context.tenantId })).toString('base64url');
    body['refresh_token'] = context.tokens.issueRefreshToken(userId, clientId);
  } else {
    delete body['scope'];
  }
  return { status: 200, body };
}

/** The OpenID configuration of the tenant, with every endpoint on the emulator (what msal-node's `authorityMetadata` takes). */
export function openIdConfiguration(url: string, tenantId: string): Record<string, unknown> {
  const base = `${url}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/openid/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'tid', 'oid', 'preferred_username', 'name'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** msal's cloud discovery answer naming only the emulator's host, so msal makes no network discovery. */
export function cloudDiscoveryMetadata(url: string, tenantId: string): Record<string, unknown> {
  const host = new URL(url).host;
  return {
    tenant_discovery_endpoint: `${url}/${tenantId}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
