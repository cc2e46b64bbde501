import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge/testing';

/** A raw GET (fetch would normalise `..` out of the path). */
function rawGet(url: string, pathname: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const sent = request({ host: target.hostname, port: target.port, path: pathname, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** How the bridge serves the console's files at /console, before and after it is built. */
describe('the bridge serving the admin console', () => {
  let dir: string;
  let consoleDir: string;
  let bed: BridgeTestBed;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-console-files-'));
    consoleDir = path.join(dir, 'dist');
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { consoleDir });
  });

  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 saying to run npm run build while the console is not built', async () => {
    const answer = await rawGet(bed.bridge.url, '/console/devices/abc');
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.body).toMatch(/The admin console is not built .*run `npm run build`/);
  });

  it('serves the built files with strict headers, index.html for deep links, and nothing outside its folder', async () => {
    mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(consoleDir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');

    const deep = await rawGet(bed.bridge.url, '/console/devices/5b0f4c7e-0000-4000-8000-0000000c0501');
    expect(deep.status).toBe(200);
    expect(deep.body).toBe('<!doctype html><title>console</title>');
    expect(deep.headers['content-security-policy']).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(deep.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(deep.headers['x-content-type-options']).toBe('nosniff');
    expect(deep.headers['x-frame-options']).toBe('DENY');

    const script = await rawGet(bed.bridge.url, '/console/assets/index-abc.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe('console.log(1)');

    expect((await rawGet(bed.bridge.url, '/console/assets/index-old.js')).status).toBe(404);
    const escaped = await rawGet(bed.bridge.url, '/console/..%2Fsecret.txt');
    expect(escaped.status).toBe(404);
    expect(escaped.body).not.toContain('not for the web');
    expect((await rawGet(bed.bridge.url, '/console')).headers.location).toBe('/console/');
    expect((await rawGet(bed.bridge.url, '/console/', 'POST')).status).toBe(405);
  });
});
