import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import * as jsforce from 'jsforce';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg, DEMO_PASSWORD } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';
import { startSalesforceEmulator } from './index';

delete process.env.http_proxy;
delete process.env.https_proxy;
delete process.env.HTTP_PROXY;
delete process.env.HTTPS_PROXY;

function httpsCall(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Salesforce emulator options', () => {
  let dir: string;
  let store: CrmStore;
  const clock = new ManualClock(Date.UTC(2026, 0, 10, 12));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sf-options-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await seedDemoOrg(store, generateDemoOrg({ records: 200, seed: 3 }));
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("verifies a JWT bearer assertion with the app's public key and refuses a forged or expired one", async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sf = await startSalesforceEmulator({
      store,
      connectedApps: [{ clientId: 'signed-app', clientSecret: 's', jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
    });
    try {
      const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const assertion = (claims: object, key = privateKey) => {
        const unsigned = `${segment({ alg: 'RS256', typ: 'JWT' })}.${segment(claims)}`;
        return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
      };
      const post = (jwt: string) =>
        fetch(`${sf.url}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }),
        });
      const exp = Math.floor(clock.now() / 1000) + 300;
      const ok = await post(assertion({ iss: 'signed-app', sub: 'alice', aud: sf.loginUrl, exp }));
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { id: string; access_token: string; instance_url: string };
      expect(body.id).toBe(`${sf.url}/id/${sf.organizationId}/${(await store.findUserByName('alice'))!.id}`);
      const conn = new jsforce.Connection({ instanceUrl: body.instance_url, accessToken: body.access_token, version: sf.apiVersion });
      expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBeGreaterThan(0);

      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const forged = await post(assertion({ iss: 'signed-app', sub: 'alice', aud: sf.loginUrl, exp }, other));
      expect(forged.status).toBe(400);
      expect(await forged.json()).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
      const expired = await post(assertion({ iss: 'signed-app', sub: 'alice', aud: sf.loginUrl, exp: Math.floor(clock.now() / 1000) - 1 }));
      expect(((await expired.json()) as { error: string }).error).toBe('invalid_grant');
    } finally {
      await sf.close();
    }
  });

  it('refuses more ids than maxReplicationIds from updated with EXCEEDED_ID_LIMIT', async () => {
    const sf = await startSalesforceEmulator({ store, maxReplicationIds: 3 });
    try {
      const conn = new jsforce.Connection({ loginUrl: sf.loginUrl, version: sf.apiVersion });
      await conn.login('admin', DEMO_PASSWORD);
      clock.advance(120_000);
      await expect(conn.sobject('Account').updated(new Date(clock.now() - 86_400_000), new Date(clock.now() + 60_000))).rejects.toMatchObject({
        errorCode: 'EXCEEDED_ID_LIMIT',
      });
    } finally {
      await sf.close();
    }
  });

  it('serves HTTPS with the given certificate', async () => {
    const tls = selfSignedCertificate();
    const sf = await startSalesforceEmulator({ store, tls });
    try {
      expect(sf.url.startsWith('https://127.0.0.1:')).toBe(true);
      const token = await httpsCall(`${sf.url}/services/oauth2/token`, tls.cert, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'fieldsync',
          client_secret: 'fieldsync-secret',
          username: 'bob',
          password: DEMO_PASSWORD,
        }).toString(),
      });
      expect(token.status).toBe(200);
      const { access_token: accessToken, instance_url: instanceUrl } = JSON.parse(token.body) as Record<string, string>;
      expect(instanceUrl).toBe(sf.url);
      const query = await httpsCall(`${sf.url}/services/data/v59.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Account')}`, tls.cert, {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      expect(query.status).toBe(200);
      expect(query.headers['sforce-limit-info']).toMatch(/^api-usage=\d+\/100000$/);
      const bob = await store.principalOf((await store.findUserByName('bob'))!.id);
      expect(JSON.parse(query.body)).toEqual({ totalSize: (await store.count(bob, { entity: 'account' })).matching, done: true, records: [] });
    } finally {
      await sf.close();
    }
  });
});
