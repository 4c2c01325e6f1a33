import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PemConverter } from '@peculiar/x509';
import { commandExists } from './softhsm-token';
import { fileSet, pem, run } from './test-pki';

/** Whether OpenSSL is there to open envelopes; tests that need it say so and skip when it is not. */
export function opensslAvailable(): boolean {
  const available = commandExists('openssl');
  if (!available) console.warn('openssl is not installed: skipping the tests that open CMS envelopes (CT-1)');
  return available;
}

/**
 * Opens a CMS envelope as the subscriber would, with a tool nobody here wrote:
 * `openssl cms -decrypt` with the recipient's certificate and private key. Returns the content.
 */
export async function openEnvelope(
  envelopePem: string,
  recipientCertificate: Buffer,
  recipientKey: webcrypto.CryptoKey,
): Promise<Buffer> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', recipientKey));
  const files = fileSet({
    'envelope.pem': envelopePem,
    'recipient.pem': pem(recipientCertificate, 'CERTIFICATE'),
    'recipient.key': `${PemConverter.encode(new Uint8Array(pkcs8).buffer, 'PRIVATE KEY')}\n`,
  });
  try {
    const result = await run('openssl', [
      'cms',
      '-decrypt',
      '-binary',
      '-inform',
      'PEM',
      '-in',
      files.path('envelope.pem'),
      '-recip',
      files.path('recipient.pem'),
      '-inkey',
      files.path('recipient.key'),
      '-out',
      files.path('content.der'),
    ]);
    if (result.status !== 0) throw new Error(`openssl cms -decrypt failed: ${result.output}`);
    return readFileSync(files.path('content.der'));
  } finally {
    files.remove();
  }
}
