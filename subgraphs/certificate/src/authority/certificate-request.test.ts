import { readFileSync } from 'node:fs';
import { sm2DistinguishingId } from '../keys/sm2/sm2-signature';
import { commandExists } from '../testing/softhsm-token';
import { fileSet, run, subscriberRequest } from '../testing/test-pki';
import { verifyCertificateRequest } from './certificate-request';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the SM2 CSR tests (issue 14)');
const withOpenssl = hasOpenssl ? describe : describe.skip;

/** The long-form outer length DER forbids (X.690 §10.1), the signed part untouched: read by the full parser. */
function longFormOuterLength(csr: Buffer): Buffer {
  const body = csr.subarray(csr[1] === 0x82 ? 4 : csr[1] === 0x81 ? 3 : 2);
  return Buffer.concat([Buffer.from([0x30, 0x84, 0, 0, body.length >> 8, body.length & 0xff]), body]);
}

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
      const { publicKey, key, family } = await verifyCertificateRequest(longFormOuterLength(csr));
      expect(publicKey.equals(expected)).toBe(true);
      expect(key?.asymmetricKeyType).toBe(algorithm === 'P-256' ? 'ec' : 'rsa');
      expect(family).toBe(algorithm === 'P-256' ? 'ec' : 'rsa');
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

withOpenssl('SM2 CSRs: SM3withSM2 with the distinguishing identifier, proof of possession (issue 14)', () => {
  const files = fileSet({});
  const openssl = async (...args: string[]) => {
    const { status, output } = await run('openssl', args);
    if (status !== 0) throw new Error(`openssl ${args[0]} failed: ${output}`);
  };
  /** `openssl req -new -sm3` on an SM2 key, with the GM/T 0009 identifier or (`distid` false) without one. */
  const request = async (name: string, distid = true) => {
    await openssl(
      'req',
      '-new',
      '-key',
      files.path('key.pem'),
      '-sm3',
      ...(distid ? ['-sigopt', `distid:${sm2DistinguishingId}`] : []),
      '-subj',
      '/CN=张三/O=Ignored/C=CN',
      '-outform',
      'DER',
      '-out',
      files.path(name),
    );
    return readFileSync(files.path(name));
  };
  let spki: Buffer;

  beforeAll(async () => {
    await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path('key.pem'));
    await openssl('pkey', '-in', files.path('key.pem'), '-pubout', '-outform', 'DER', '-out', files.path('spki.der'));
    spki = readFileSync(files.path('spki.der'));
  });
  afterAll(() => files.remove());

  it('accepts a request made by `openssl req -new -sm3 -sigopt distid:1234567812345678`, as DER, PEM and BER', async () => {
    const csr = await request('request.der');
    const verified = await verifyCertificateRequest(csr);
    expect(verified.family).toBe('sm2');
    expect(verified.publicKey.equals(spki)).toBe(true);
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect((await verifyCertificateRequest(pem)).family).toBe('sm2');
    const ber = await verifyCertificateRequest(longFormOuterLength(csr));
    expect(ber.family).toBe('sm2');
    expect(ber.publicKey.equals(spki)).toBe(true);
  });

  it('accepts SM3withSM2 with NULL parameters too (the full parser reads the algorithm by its OID)', async () => {
    const csr = await request('null-parameters.der');
    const absent = Buffer.from('300a06082a811ccf55018375', 'hex');
    const at = csr.lastIndexOf(absent);
    const body = Buffer.concat([
      csr.subarray(csr[1] === 0x82 ? 4 : csr[1] === 0x81 ? 3 : 2, at),
      Buffer.from('300c06082a811ccf550183750500', 'hex'),
      csr.subarray(at + absent.length),
    ]);
    const withNull = Buffer.concat([Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]), body]);
    const verified = await verifyCertificateRequest(withNull);
    expect(verified.family).toBe('sm2');
    expect(verified.publicKey.equals(spki)).toBe(true);
  });

  it('refuses a tampered SM2 request, and one signed without the distinguishing identifier (CSR_SIGNATURE_INVALID)', async () => {
    const csr = await request('tampered.der');
    const tampered = Buffer.from(csr);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    await expect(verifyCertificateRequest(tampered)).rejects.toMatchObject({ code: 'CSR_SIGNATURE_INVALID' });
    const subject = csr.indexOf(Buffer.from('Ignored'));
    const renamed = Buffer.from(csr);
    renamed[subject] = 'i'.charCodeAt(0);
    await expect(verifyCertificateRequest(renamed)).rejects.toMatchObject({ code: 'CSR_SIGNATURE_INVALID' });
    const withoutId = await request('without-id.der', false);
    await expect(verifyCertificateRequest(withoutId)).rejects.toMatchObject({ code: 'CSR_SIGNATURE_INVALID' });
  });
});
