import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PemConverter } from '@peculiar/x509';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, openssl, pem, subscriberRequest } from '../testing/test-pki';

const withOpenssl = commandExists('openssl') ? it : it.skip;

describe('signature verification on several replicas (issue 15 item 3, CT-5)', () => {
  let orm: MikroORM;
  let replicas: PkiServer[];
  let following: { close(): Promise<void> }[];

  beforeAll(async () => {
    orm = await openTestDatabase();
    replicas = [await startPkiServer(orm), await startPkiServer(orm)];
    following = await Promise.all(replicas.map((replica) => replica.pki.followReplicas()));
  });
  afterAll(async () => {
    await Promise.all(following.map((notices) => notices.close()));
    await Promise.all(replicas.map((replica) => replica.close()));
    await orm.close();
  });

  withOpenssl(
    'RA-5: a hold through one replica fails a signature without signing time on the other within a second, though it verified there before',
    async () => {
      const [first, second] = replicas as [PkiServer, PkiServer];
      const { csr, keys } = await subscriberRequest('CN=ignored', 'P-256');
      const leaf = await first.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Replica Signer',
        csr,
      });
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
      const files = fileSet({
        'cert.pem': pem(leaf.der as Buffer, 'CERTIFICATE'),
        'key.pem': PemConverter.encode(new Uint8Array(pkcs8).buffer, 'PRIVATE KEY'),
        data: 'contribution return',
      });
      let signedData: string;
      try {
        await openssl(
          ...[
            'cms',
            '-sign',
            '-nodetach',
            '-noattr',
            '-signer',
            files.path('cert.pem'),
            '-inkey',
            files.path('key.pem'),
          ],
          ...['-in', files.path('data'), '-outform', 'DER', '-out', files.path('signed.der')],
        );
        signedData = readFileSync(files.path('signed.der')).toString('base64');
      } finally {
        files.remove();
      }
      const requester = { kind: 'system', subject: 'pension' };
      const verifyOnSecond = () => second.pki.signatures.verify({ signedData }, 'contentCommitment', requester);
      expect((await verifyOnSecond()).valid).toBe(true);
      await first.pki.revocation.suspend(leaf.id, 'clerk');
      const deadline = Date.now() + 1_000;
      let outcome = await verifyOnSecond();
      while (outcome.valid && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        outcome = await verifyOnSecond();
      }
      expect(outcome).toMatchObject({ valid: false, code: 'SIGNATURE_CERTIFICATE_ON_HOLD', signingTimeSource: 'none' });
    },
  );
});
