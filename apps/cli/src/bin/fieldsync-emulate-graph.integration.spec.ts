import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** One HTTPS call trusting `ca`; answers the status and the parsed JSON body. */
function call(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => void (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('fieldsync emulate graph', () => {
  it('serves Graph over HTTPS with its token endpoint, a demo site and OneDrive, until SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'emulate', 'graph', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    const printed = await new Promise<{ url: string; authority: string; caFile: string }>((resolve, reject) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const url = /Graph emulator on (\S+)/.exec(stdout);
        const authority = /authority: +(\S+)/.exec(stdout);
        const caFile = /CA file: +(\S+)/.exec(stdout);
        if (url && authority && caFile && stdout.includes('Stop with Ctrl+C')) resolve({ url: url[1], authority: authority[1], caFile: caFile[1] });
      });
      child.on('exit', (code) => reject(new Error(`emulate exited ${code}: ${stderr}`)));
    });
    try {
      const ca = readFileSync(printed.caFile, 'utf8');
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'fieldsync',
        client_secret: 'fieldsync-secret',
        scope: `${printed.url}/.default`,
      });
      const token = await call(`${printed.authority}/oauth2/v2.0/token`, ca, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      expect(token.status).toBe(200);
      const headers = { Authorization: `Bearer ${String(token.json['access_token'])}` };
      const site = await call(`${printed.url}/v1.0/sites/contoso.sharepoint.com:/sites/fieldsync:`, ca, { headers });
      expect(site.json['id']).toMatch(/^contoso\.sharepoint\.com,/);
      const children = await call(`${printed.url}/v1.0/sites/${String(site.json['id'])}/drive/root:/account:/children`, ca, { headers });
      expect((children.json['value'] as { name: string }[]).map((item) => item.name)).toEqual(['Contoso_5C1F0A527D3E4B8A9C110A2B3C4D5E6F']);
      const unauthenticated = await call(`${printed.url}/v1.0/sites/${String(site.json['id'])}`, ca);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.json['error']).toMatchObject({ code: 'InvalidAuthenticationToken' });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
