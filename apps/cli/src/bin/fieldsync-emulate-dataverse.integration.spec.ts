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

describe('fieldsync emulate dataverse', () => {
  it('seeds a demo org, serves the Web API over HTTPS with its token endpoint and CA file, until SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'emulate', 'dataverse', '--port', '0', '--records', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    const printed = await new Promise<{ url: string; authority: string; caFile: string }>((resolve, reject) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const url = /Dataverse emulator on (\S+)/.exec(stdout);
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
      }).toString();
      const token = await call(`${printed.authority}/oauth2/v2.0/token`, ca, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      expect(token.status).toBe(200);
      expect(token.json['token_type']).toBe('Bearer');
      const headers = { Authorization: `Bearer ${String(token.json['access_token'])}`, Accept: 'application/json' };
      const whoAmI = await call(`${printed.url}/api/data/v9.2/WhoAmI`, ca, { headers });
      expect(whoAmI.json['UserId']).toMatch(/^[0-9a-f-]{36}$/);
      const accounts = await call(`${printed.url}/api/data/v9.2/accounts?$select=name`, ca, { headers });
      expect((accounts.json['value'] as unknown[]).length).toBeGreaterThan(0);
    } finally {
      child.removeAllListeners('exit');
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    }
  });
});
