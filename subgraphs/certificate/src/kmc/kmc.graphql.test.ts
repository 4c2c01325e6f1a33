import { createPrivateKey, createPublicKey, randomUUID, type webcrypto } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PemConverter, X509Certificate } from '@peculiar/x509';
import type { StaffRole, Viewer } from '@tessera/kit';
import { errorCodesOf } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import { openEnvelope, opensslAvailable } from '../testing/envelope-opener';
import {
  citizenViewer,
  type GraphHarness,
  serviceViewer,
  staffViewer,
  startGraphHarness,
} from '../testing/graph-harness';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';

const hasOpenssl = opensslAvailable();
const codes = errorCodesOf;

function dataOf<T>(result: ExecutionResult): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const person = (...roles: StaffRole[]): Viewer => ({
  kind: 'staff',
  subject: randomUUID(),
  roles: new Set(roles),
  scopes: new Set(),
});

interface Redeemed {
  redeemEnrollment: {
    certificate: { id: string };
    pem: string;
    encryption: { certificate: { id: string; usage: string; state: string }; pem: string; envelope: string } | null;
  };
}

describe('dual certificates and key recovery through the graph (CT-1, permissions)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const subject = 'CN=Graph Dual Unit,O=Shanxi Test Unit,C=CN';

  beforeAll(async () => {
    orm = await openTestDatabase();
    graph = await startGraphHarness(orm);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  async function redeem(dual: boolean): Promise<{ redeemed: Redeemed; keys: webcrypto.CryptoKeyPair }> {
    const created = dataOf<{
      createEnrollment: { referenceCode: string; authorizationCode: string; encryptionCertificate: { state: string } };
    }>(
      await graph.execute(
        `mutation($input: EnrollmentInput!) { createEnrollment(input: $input) { referenceCode authorizationCode encryptionCertificate { state } } }`,
        serviceViewer('ra'),
        { input: { kind: 'ORGANIZATION', usage: 'SIGNING', subject, dual } },
      ),
    );
    expect(created.createEnrollment.encryptionCertificate?.state ?? null).toBe(dual ? 'NEW_APPLICATION' : null);
    const { csr, keys } = await subscriberRequest();
    const redeemed = dataOf<Redeemed>(
      await graph.execute(
        `mutation($r: String!, $a: String!, $csr: String!) { redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) {
          certificate { id } pem encryption { certificate { id usage state } pem envelope } } }`,
        undefined,
        {
          r: created.createEnrollment.referenceCode,
          a: created.createEnrollment.authorizationCode,
          csr: PemConverter.encode(new Uint8Array(csr).buffer, 'CERTIFICATE REQUEST'),
        },
      ),
    );
    return { redeemed, keys };
  }

  it('CT-1: redeeming a dual enrollment returns the encryption certificate and its key enveloped to the signing key', async () => {
    const { redeemed, keys } = await redeem(true);
    const { encryption, pem } = redeemed.redeemEnrollment;
    expect(encryption?.certificate).toMatchObject({ usage: 'ENCRYPTION', state: 'IN_USE' });
    expect(encryption?.envelope).toMatch(/^-----BEGIN CMS-----/);
    if (hasOpenssl && encryption) {
      const signing = Buffer.from(new X509Certificate(pem).rawData);
      const pkcs8 = await openEnvelope(encryption.envelope, signing, keys.privateKey);
      const recovered = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
      const certified = Buffer.from(new X509Certificate(encryption.pem).publicKey.rawData);
      expect(recovered.export({ type: 'spki', format: 'der' }).equals(certified)).toBe(true);
    }
    const single = await redeem(false);
    expect(single.redeemed.redeemEnrollment.encryption).toBeNull();
  });

  it('CT-1: escrows are for administrators and auditors only, and the graph has no field for key material', async () => {
    const query = `query($s: String!) { keyEscrows(subject: $s) { id subject algorithm encryptionCertificate { usage } events { action actor } } }`;
    expect(codes(await graph.execute(query, citizenViewer(), { s: subject }))).toEqual(['FORBIDDEN']);
    expect(codes(await graph.execute(query, staffViewer('REVIEW_CLERK'), { s: subject }))).toEqual(['FORBIDDEN']);
    expect(codes(await graph.execute(query, undefined, { s: subject }))).toEqual(['UNAUTHENTICATED']);
    const { keyEscrows } = dataOf<{ keyEscrows: { encryptionCertificate: { usage: string }; events: unknown[] }[] }>(
      await graph.execute(query, staffViewer('AUDITOR'), { s: subject }),
    );
    expect(keyEscrows[0]).toMatchObject({
      encryptionCertificate: { usage: 'ENCRYPTION' },
      events: [{ action: 'ESCROW', actor: 'kmc' }],
    });

    const fields = dataOf<{ __type: { fields: { name: string }[] } }>(
      await graph.execute(`{ __type(name: "KeyEscrow") { fields { name } } }`, staffViewer('AUDITOR')),
    ).__type.fields.map((field) => field.name);
    // Ids that are not UUIDs are refused by the schema's UUID type before any resolver runs.
    const malformed = await graph.execute(
      `{ keyEscrow(encryptionCertificateId: "not-a-uuid") { id } }`,
      staffViewer('ADMINISTRATOR'),
    );
    expect(malformed.data).toBeUndefined();
    expect(malformed.errors?.map((e) => e.message)).toEqual(['Value is not a valid UUID: not-a-uuid']);
    expect(
      codes(
        await graph.execute(
          `mutation { approveKeyRecovery(id: "6f1c9a5e-2b1d-4c8e-9a51-000000000001") { id } }`,
          staffViewer('AUDITOR'),
        ),
      ),
    ).toEqual(['KEY_RECOVERY_NOT_FOUND']);
    expect(fields.sort()).toEqual(
      ['algorithm', 'encryptionCertificate', 'escrowedAt', 'events', 'id', 'signingCertificate', 'subject'].sort(),
    );
  });

  it('CT-1: an administrator opens a recovery, an auditor (another person) approves, an administrator delivers; roles enforced by the graph', async () => {
    const { redeemed } = await redeem(true);
    const encryptionCertificateId = redeemed.redeemEnrollment.encryption?.certificate.id;
    const target = (await redeem(false)).redeemed.redeemEnrollment.certificate.id;
    const open = (viewer: Viewer) =>
      graph.execute(
        `mutation($e: UUID!, $t: UUID!) { requestKeyRecovery(encryptionCertificateId: $e, targetCertificateId: $t, reason: "EKey lost") { id state requestedBy } }`,
        viewer,
        { e: encryptionCertificateId, t: target },
      );
    const decide = (viewer: Viewer, id: string, verb = 'approveKeyRecovery') =>
      graph.execute(`mutation($id: UUID!) { ${verb}(id: $id) { state decidedBy } }`, viewer, { id });
    const deliver = (viewer: Viewer, id: string) =>
      graph.execute(
        `mutation($id: UUID!) { deliverKeyRecovery(id: $id) { envelope recovery { state escrow { events { action } } targetCertificate { id } } } }`,
        viewer,
        { id },
      );

    expect(codes(await open(person('AUDITOR')))).toEqual(['FORBIDDEN']);
    expect(codes(await open(serviceViewer('ra')))).toEqual(['FORBIDDEN']);
    const administrator = person('ADMINISTRATOR', 'AUDITOR');
    const { requestKeyRecovery } = dataOf<{ requestKeyRecovery: { id: string; state: string } }>(
      await open(administrator),
    );
    expect(requestKeyRecovery.state).toBe('REQUESTED');

    expect(codes(await decide(person('ADMINISTRATOR'), requestKeyRecovery.id))).toEqual(['FORBIDDEN']);
    expect(codes(await decide(administrator, requestKeyRecovery.id))).toEqual(['KEY_RECOVERY_SAME_PERSON']);
    const auditor = person('AUDITOR');
    expect(codes(await deliver(auditor, requestKeyRecovery.id))).toEqual(['FORBIDDEN']);
    const queue = dataOf<{ keyRecoveries: { id: string }[] }>(
      await graph.execute(`{ keyRecoveries(state: REQUESTED) { id } }`, auditor),
    );
    expect(queue.keyRecoveries.map((r) => r.id)).toContain(requestKeyRecovery.id);
    expect(dataOf(await decide(auditor, requestKeyRecovery.id))).toEqual({
      approveKeyRecovery: { state: 'APPROVED', decidedBy: (auditor as { subject: string }).subject },
    });

    const delivered = dataOf<{
      deliverKeyRecovery: {
        envelope: string;
        recovery: { state: string; escrow: { events: { action: string }[] }; targetCertificate: { id: string } };
      };
    }>(await deliver(person('ADMINISTRATOR'), requestKeyRecovery.id));
    expect(delivered.deliverKeyRecovery.envelope).toMatch(/^-----BEGIN CMS-----/);
    expect(delivered.deliverKeyRecovery.recovery.state).toBe('DELIVERED');
    expect(delivered.deliverKeyRecovery.recovery.targetCertificate.id).toBe(target);
    expect(delivered.deliverKeyRecovery.recovery.escrow.events.map((e) => e.action)).toEqual([
      'ESCROW',
      'REQUEST',
      'APPROVE',
      'DELIVER',
    ]);
  });
});
