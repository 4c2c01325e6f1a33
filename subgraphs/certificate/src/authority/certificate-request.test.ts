import { subscriberRequest } from '../testing/test-pki';
import { verifyCertificateRequest } from './certificate-request';

describe('CSR proof of possession (CT-4)', () => {
  it('CT-4: accepts a CSR whose signature verifies with its own public key', async () => {
    const { csr, keys } = await subscriberRequest();
    const { publicKey } = await verifyCertificateRequest(csr);
    const expected = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(publicKey.equals(expected)).toBe(true);
  });

  it('CT-4: refuses a CSR whose signature does not verify (CSR_SIGNATURE_INVALID)', async () => {
    const { csr } = await subscriberRequest();
    const tampered = Buffer.from(csr);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    await expect(verifyCertificateRequest(tampered)).rejects.toMatchObject({ code: 'CSR_SIGNATURE_INVALID' });
  });

  it('refuses bytes that are not a CSR (CSR_MALFORMED)', async () => {
    await expect(verifyCertificateRequest(Buffer.from('not a csr'))).rejects.toMatchObject({ code: 'CSR_MALFORMED' });
  });

  it('CT-4: reads RSA requests, and requests that are not strict DER through the full parser, to the same key', async () => {
    for (const algorithm of ['P-256', 'RSA-2048'] as const) {
      const { csr, keys } = await subscriberRequest('CN=Someone', algorithm);
      const expected = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
      expect((await verifyCertificateRequest(csr)).publicKey.equals(expected)).toBe(true);
      // The outer length in a long form DER forbids (X.690 §10.1); the signed part is untouched.
      const body = csr.subarray(csr[1] === 0x82 ? 4 : csr[1] === 0x81 ? 3 : 2);
      const ber = Buffer.concat([Buffer.from([0x30, 0x84, 0, 0, body.length >> 8, body.length & 0xff]), body]);
      const { publicKey, key } = await verifyCertificateRequest(ber);
      expect(publicKey.equals(expected)).toBe(true);
      expect(key.asymmetricKeyType).toBe(algorithm === 'P-256' ? 'ec' : 'rsa');
    }
  });

  it('refuses a request whose subject is not a Name, signed or not (CSR_MALFORMED)', async () => {
    const { csr } = await subscriberRequest('CN=Someone');
    // certificationRequestInfo: SEQUENCE { INTEGER 0, subject SEQUENCE { SET {...} } ...}: make the SET an INTEGER.
    const info = csr.indexOf(Buffer.from([0x02, 0x01, 0x00, 0x30]));
    const broken = Buffer.from(csr);
    broken[info + 5] = 0x02;
    await expect(verifyCertificateRequest(broken)).rejects.toMatchObject({ code: 'CSR_MALFORMED' });
  });
});
