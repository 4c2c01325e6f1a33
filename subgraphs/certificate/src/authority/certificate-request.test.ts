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
});
