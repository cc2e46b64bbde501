import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** A `fieldsync emulate …` child that printed its URL, Azure AD authority and CA file. */
export interface AzureEmulatorProcess {
  readonly url: string;
  readonly authority: string;
  /** The PEM of the emulator's certificate authority, read from the CA file it printed. */
  readonly ca: string;
  /** Sends SIGTERM and answers the exit code. */
  stop(): Promise<number | null>;
}

/** An HTTPS answer: its status and its parsed JSON body (`{}` when empty). */
export interface JsonAnswer {
  status: number;
  json: Record<string, unknown>;
}

/**
 * Spawns `fieldsync emulate <args>` and waits for its banner: `<banner> <url>`, `authority: …`,
 * `CA file: …` and `Stop with Ctrl+C`. Rejects with the child's stderr when it exits first.
 */
export async function startAzureEmulatorProcess(args: readonly string[], banner: string): Promise<AzureEmulatorProcess> {
  const child = spawn(process.execPath, [bin, 'emulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const printed = await new Promise<{ url: string; authority: string; caFile: string }>((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = new RegExp(`${banner} (\\S+)`).exec(stdout);
      const authority = /authority: +(\S+)/.exec(stdout);
      const caFile = /CA file: +(\S+)/.exec(stdout);
      if (url && authority && caFile && stdout.includes('Stop with Ctrl+C')) resolve({ url: url[1], authority: authority[1], caFile: caFile[1] });
    });
    child.on('exit', (code) => reject(new Error(`emulate exited ${code}: ${stderr}`)));
  });
  child.removeAllListeners('exit');
  return { url: printed.url, authority: printed.authority, ca: readFileSync(printed.caFile, 'utf8'), stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** One HTTPS call trusting `ca`. */
export function httpsJson(url: string, ca: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<JsonAnswer> {
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

/** Asks the emulator's Azure AD for an app token (client credentials of the emulators' `fieldsync` app) for its own URL. */
export function requestAppToken(emulator: AzureEmulatorProcess): Promise<JsonAnswer> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'fieldsync',
    client_secret: 'fieldsync-secret',
    scope: `${emulator.url}/.default`,
  });
  return httpsJson(`${emulator.authority}/oauth2/v2.0/token`, emulator.ca, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}
