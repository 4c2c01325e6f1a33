import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { errorCodesOf, type Viewer } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import {
  citizenViewer,
  type GraphHarness,
  serviceViewer,
  staffViewer,
  startGraphHarness,
} from '../testing/graph-harness';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, openssl, pem } from '../testing/test-pki';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the signature verification graph tests');
const test = hasOpenssl ? it : it.skip;

const systemViewer = (scopes: string[]): Viewer => ({
  kind: 'system',
  subject: 'pension',
  roles: new Set(),
  scopes: new Set(scopes),
});

const verifyMutation = `mutation($input: VerifySignatureInput!) {
  verifySignature(input: $input) {
    verificationId valid code clientErrorCode message signingTimeSource digestAlgorithm
    signer { certificateSerial kind insuranceNumber signatureAlgorithm hierarchy }
    revocation { status }
  }
}`;

interface VerifyAnswer {
  verifySignature: {
    verificationId: string;
    valid: boolean;
    code: string | null;
    clientErrorCode: string | null;
    message: string | null;
  };
}

function dataOf<T>(result: ExecutionResult): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('verifySignature through the graph (issue 15 item 3: permissions, answers as data, records)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  let signedData: string;
  let serial: string;
  let selfSigned: string;
  /** The signer's certificate and key, PEM, for signing more in a test. */
  let signerFiles: { 'cert.pem': string; 'key.pem': string };

  beforeAll(async () => {
    orm = await openTestDatabase();
    graph = await startGraphHarness(orm);
    if (!hasOpenssl) return;
    const files = fileSet({ data: 'payroll 2026-12' });
    try {
      await openssl(
        ...['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=x'],
        ...['-keyout', files.path('key.pem'), '-outform', 'DER', '-out', files.path('csr.der')],
      );
      const row = await graph.services.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=张三,OU=44030019850312,C=CN',
        csr: readFileSync(files.path('csr.der')),
        identity: { insuranceNumber: '44030019850312' },
      });
      serial = row.serialNumber;
      writeFileSync(files.path('cert.pem'), pem(row.der as Buffer, 'CERTIFICATE'));
      await openssl(
        ...['cms', '-sign', '-nodetach', '-signer', files.path('cert.pem'), '-inkey', files.path('key.pem')],
        ...['-in', files.path('data'), '-outform', 'DER', '-out', files.path('signed.der')],
      );
      signedData = readFileSync(files.path('signed.der')).toString('base64');
      signerFiles = {
        'cert.pem': readFileSync(files.path('cert.pem'), 'utf8'),
        'key.pem': readFileSync(files.path('key.pem'), 'utf8'),
      };
      await openssl(
        ...[
          'req',
          '-x509',
          '-key',
          files.path('key.pem'),
          '-subj',
          '/CN=Self/O=Elsewhere',
          '-out',
          files.path('self.pem'),
        ],
      );
      await openssl(
        ...['cms', '-sign', '-nodetach', '-signer', files.path('self.pem'), '-inkey', files.path('key.pem')],
        ...['-in', files.path('data'), '-outform', 'DER', '-out', files.path('self.der')],
      );
      selfSigned = readFileSync(files.path('self.der')).toString('base64');
    } finally {
      files.remove();
    }
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  const verify = (viewer: Viewer, input: Record<string, unknown>) => graph.execute(verifyMutation, viewer, { input });

  test('a business system with signature:verify and staff verify; others are refused (deny by default)', async () => {
    expect(dataOf(await verify(systemViewer(['signature:verify']), { signedData }))).toEqual({
      verifySignature: expect.objectContaining({
        valid: true,
        code: null,
        message: null,
        signingTimeSource: 'SIGNING_TIME_UNVERIFIED',
        digestAlgorithm: 'SHA-256',
        signer: {
          certificateSerial: serial,
          kind: 'PERSONAL',
          insuranceNumber: '44030019850312',
          signatureAlgorithm: 'SHA256withECDSA',
          hierarchy: 'international',
        },
        revocation: { status: 'ACTIVE' },
      }),
    });
    expect(dataOf<VerifyAnswer>(await verify(staffViewer('SERVICE_AGENT'), { signedData })).verifySignature.valid).toBe(
      true,
    );
    expect(errorCodesOf(await verify(systemViewer(['identity:verified-identity']), { signedData }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodesOf(await verify(citizenViewer('u1'), { signedData }))).toEqual(['FORBIDDEN']);
    expect(errorCodesOf(await verify(serviceViewer('ra'), { signedData }))).toEqual(['FORBIDDEN']);
    expect(errorCodesOf(await verify({ kind: 'anonymous' }, { signedData }))).toEqual(['UNAUTHENTICATED']);
  });

  test("takes documents past the input guard's default 10,000 characters: 1 MiB attached and detached", async () => {
    const document = Buffer.alloc(1024 * 1024, '社保缴费 ');
    const files = fileSet({ ...signerFiles, data: document });
    try {
      const sign = async (out: string, ...options: string[]) => {
        await openssl(
          ...['cms', '-sign', '-binary', '-signer', files.path('cert.pem'), '-inkey', files.path('key.pem')],
          ...['-in', files.path('data'), '-outform', 'DER', '-out', files.path(out), ...options],
        );
        return readFileSync(files.path(out)).toString('base64');
      };
      const attached = await sign('attached.der', '-nodetach');
      const detached = await sign('detached.der');
      const system = systemViewer(['signature:verify']);
      expect(attached.length).toBeGreaterThan(1_000_000);
      expect(dataOf<VerifyAnswer>(await verify(system, { signedData: attached })).verifySignature.valid).toBe(true);
      const content = document.toString('base64');
      expect(dataOf<VerifyAnswer>(await verify(system, { signedData: detached, content })).verifySignature.valid).toBe(
        true,
      );
    } finally {
      files.remove();
    }
  });

  test('CT-6: refusals are data with a message in the caller language and the client error code', async () => {
    const untrusted = dataOf<VerifyAnswer>(
      await verify(systemViewer(['signature:verify']), { signedData: selfSigned }),
    );
    expect(untrusted.verifySignature).toMatchObject({
      valid: false,
      code: 'SIGNATURE_CERTIFICATE_UNTRUSTED',
      clientErrorCode: '-10101029',
      message: 'No root certificate: the signing certificate was not issued by a Tessera CA',
    });
    const malformed = dataOf<VerifyAnswer>(await verify(staffViewer('AUDITOR'), { signedData: 'not base64!' }));
    expect(malformed.verifySignature).toMatchObject({ valid: false, code: 'SIGNATURE_INPUT_MALFORMED' });
    expect(malformed.verifySignature.verificationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('auditors and administrators read the stored verifications; nobody else does', async () => {
    const answer = dataOf<VerifyAnswer>(await verify(systemViewer(['signature:verify']), { signedData }));
    const id = answer.verifySignature.verificationId;
    const one = `query($id: UUID!) { signatureVerification(id: $id) { id requesterKind requester valid code form certificateSerial signingTimeSource } }`;
    expect(dataOf(await graph.execute(one, staffViewer('AUDITOR'), { id }))).toEqual({
      signatureVerification: {
        id,
        requesterKind: 'system',
        requester: 'pension',
        valid: true,
        code: null,
        form: 'cms',
        certificateSerial: serial,
        signingTimeSource: 'SIGNING_TIME_UNVERIFIED',
      },
    });
    const page = '{ signatureVerifications(first: 2) { total verifications { id requester } } }';
    const listed = dataOf<{ signatureVerifications: { total: number; verifications: { id: string }[] } }>(
      await graph.execute(page, staffViewer('ADMINISTRATOR')),
    );
    expect(listed.signatureVerifications.total).toBeGreaterThanOrEqual(5);
    expect(listed.signatureVerifications.verifications).toHaveLength(2);
    expect(listed.signatureVerifications.verifications[0]?.id).toBe(id);
    for (const viewer of [staffViewer('REVIEW_CLERK'), systemViewer(['signature:verify']), citizenViewer('u1')]) {
      expect(errorCodesOf(await graph.execute(one, viewer, { id }))).toEqual(['FORBIDDEN']);
      expect(errorCodesOf(await graph.execute(page, viewer))).toEqual(['FORBIDDEN']);
    }
    expect(
      errorCodesOf(await graph.execute(one, staffViewer('AUDITOR'), { id: '00000000-0000-4000-8000-000000000000' })),
    ).toEqual(['SIGNATURE_VERIFICATION_NOT_FOUND']);
  });
});
