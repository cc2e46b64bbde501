import { createSign } from 'node:crypto';

/**
 * The JWT bearer assertion Salesforce's token endpoint takes: RS256 over `{ iss: clientId, sub: username,
 * aud, exp }`, valid for three minutes.
 */
export function signJwtAssertion(input: { clientId: string; username: string; audience: string; privateKey: string; now: number }): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const payload = encode({ iss: input.clientId, sub: input.username, aud: input.audience, exp: Math.floor(input.now / 1000) + 180 });
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${signer.sign(input.privateKey).toString('base64url')}`;
}
