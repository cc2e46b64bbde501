import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A PEM certificate and its private key. */
export interface LoopbackCertificate {
  readonly cert: string;
  readonly key: string;
}

/** What {@link selfSignedCertificate} makes. */
export interface SelfSignedCertificateOptions {
  /** How many days the certificate is valid. @default 30 */
  readonly days?: number;
}

/**
 * Makes a throwaway self-signed P-256 certificate for `127.0.0.1` and `localhost` with the `openssl`
 * command: what a loopback server serves HTTPS with, and what its clients trust as their `ca`. Throws
 * when `openssl` is not on the PATH. The key never stays on disk: the temporary folder is removed.
 */
export function selfSignedCertificate(options: SelfSignedCertificateOptions = {}): LoopbackCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        String(options.days ?? 30),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
