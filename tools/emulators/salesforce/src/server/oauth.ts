import { createHmac, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore, EmulatorSession } from './emulator-core';
import { readBody, sendJson } from './http-io';

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function tokenResponse(core: EmulatorCore, session: EmulatorSession, clientSecret: string): Record<string, string> {
  const id = `${core.url}/id/${core.organizationId}/${session.userId}`;
  const issuedAt = String(session.issuedAt);
  return {
    access_token: session.token,
    instance_url: core.url,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: createHmac('sha256', clientSecret)
      .update(id + issuedAt)
      .digest('base64'),
    scope: 'api',
  };
}

async function userIdByName(core: EmulatorCore, userName: string | undefined): Promise<string> {
  const user = userName ? await core.store.findUserByName(userName) : undefined;
  if (!user || user.disabled) throw new OAuthError(400, 'invalid_grant', 'user hasn\u2019t approved this consumer');
  return user.id;
}

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new OAuthError(400, 'invalid_grant', 'invalid assertion');
  }
}

/**
 * `POST /services/oauth2/token`, form-encoded: grants `password` (checked with `store.signIn`),
 * `client_credentials` (the app's run-as user) and JWT bearer (`sub` = user name; the RS256
 * signature is verified when the app has `jwtPublicKey`, and `exp` always). Answers Salesforce's
 * token response, or `{"error","error_description"}` with 400.
 */
export async function handleToken(core: EmulatorCore, request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  const form = new URLSearchParams(await readBody(request));
  const apps = core.settings.connectedApps;
  try {
    const grant = form.get('grant_type');
    const clientId = form.get('client_id') ?? undefined;
    if (grant === 'password') {
      const app = clientId === undefined ? undefined : apps.find((a) => a.clientId === clientId);
      if (clientId !== undefined && !app) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
      if (app && form.get('client_secret') !== app.clientSecret) throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
      let userId: string;
      try {
        userId = (await core.store.signIn(form.get('username') ?? '', form.get('password') ?? '')).userId;
      } catch {
        throw new OAuthError(400, 'invalid_grant', 'authentication failure');
      }
      sendJson(response, 200, tokenResponse(core, core.openSession(userId), app?.clientSecret ?? 'emulator'), headers);
      return;
    }
    if (grant === 'client_credentials') {
      const app = apps.find((a) => a.clientId === clientId);
      if (!app) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
      if (form.get('client_secret') !== app.clientSecret) throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
      if (!app.runAsUserName) throw new OAuthError(400, 'invalid_grant', 'no client credentials user enabled');
      const userId = await userIdByName(core, app.runAsUserName);
      sendJson(response, 200, tokenResponse(core, core.openSession(userId), app.clientSecret), headers);
      return;
    }
    if (grant === JWT_BEARER) {
      const parts = (form.get('assertion') ?? '').split('.');
      if (parts.length !== 3) throw new OAuthError(400, 'invalid_grant', 'invalid assertion');
      const header = decodeSegment(parts[0]);
      const claims = decodeSegment(parts[1]);
      const app = apps.find((a) => a.clientId === claims.iss);
      if (!app) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
      if (app.jwtPublicKey !== undefined) {
        const valid =
          header.alg === 'RS256' && verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), app.jwtPublicKey, Buffer.from(parts[2], 'base64url'));
        if (!valid) throw new OAuthError(400, 'invalid_grant', 'invalid assertion');
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= core.clock.now()) throw new OAuthError(400, 'invalid_grant', 'expired authorization code');
      const userId = await userIdByName(core, typeof claims.sub === 'string' ? claims.sub : undefined);
      sendJson(response, 200, tokenResponse(core, core.openSession(userId), app.clientSecret), headers);
      return;
    }
    throw new OAuthError(400, 'unsupported_grant_type', 'grant type not supported');
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    sendJson(response, error.status, { error: error.error, error_description: error.message }, headers);
  }
}

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `POST /services/Soap/u/{version}`: the partner SOAP `login` call, which jsforce's `login()` uses without a client id. */
export async function handleSoapLogin(
  core: EmulatorCore,
  version: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const body = await readBody(request);
  const userName = unescapeXml(/<(?:\w+:)?username>([^<]*)</.exec(body)?.[1] ?? '');
  const password = unescapeXml(/<(?:\w+:)?password>([^<]*)</.exec(body)?.[1] ?? '');
  let userId: string;
  try {
    userId = (await core.store.signIn(userName, password)).userId;
  } catch {
    const fault =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com">' +
      '<soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring>' +
      '</soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    response.writeHead(500, { 'Content-Type': 'text/xml;charset=UTF-8', ...headers });
    response.end(fault);
    return;
  }
  const session = core.openSession(userId);
  const user = await core.store.getUser(userId);
  const serverUrl = `${core.url}/services/Soap/u/${version}/${core.organizationId}`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com">' +
    '<soapenv:Body><loginResponse><result>' +
    `<metadataServerUrl>${core.url}/services/Soap/m/${version}/${core.organizationId}</metadataServerUrl>` +
    '<passwordExpired>false</passwordExpired><sandbox>false</sandbox>' +
    `<serverUrl>${serverUrl}</serverUrl><sessionId>${escapeXml(session.token)}</sessionId><userId>${userId}</userId>` +
    `<userInfo><organizationId>${core.organizationId}</organizationId><userFullName>${escapeXml(user?.fullName ?? '')}</userFullName>` +
    `<userId>${userId}</userId><userName>${escapeXml(user?.userName ?? userName)}</userName>` +
    `<sessionSecondsValid>${Math.floor(core.settings.sessionTtlMs / 1000)}</sessionSecondsValid></userInfo>` +
    '</result></loginResponse></soapenv:Body></soapenv:Envelope>';
  response.writeHead(200, { 'Content-Type': 'text/xml;charset=UTF-8', ...headers });
  response.end(xml);
}
