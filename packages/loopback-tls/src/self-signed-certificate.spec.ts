import { X509Certificate, createPrivateKey } from 'node:crypto';
import { selfSignedCertificate } from './self-signed-certificate';

describe('selfSignedCertificate', () => {
  it('makes a P-256 certificate for 127.0.0.1 and localhost, signed by its own key, valid for the days asked', () => {
    const { cert, key } = selfSignedCertificate({ days: 2 });
    const x509 = new X509Certificate(cert);
    expect(x509.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(2);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});
