import type { MikroORM } from '@mikro-orm/postgresql';
import { errorCodesOf } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import { RevocationEvent } from '../revocation/revocation-event.entity';
import {
  citizenViewer,
  type GraphHarness,
  serviceViewer,
  staffViewer,
  startGraphHarness,
} from '../testing/graph-harness';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';

const codes = errorCodesOf;

function dataOf<T>(result: ExecutionResult): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('certificates through the graph (RA-11, CT-2, CT-6, permissions)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const holder = citizenViewer();
  let certificateId: string;

  beforeAll(async () => {
    orm = await openTestDatabase();
    graph = await startGraphHarness(orm);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  const enroll = (viewer = serviceViewer('ra'), subject = 'CN=Graph Subscriber,O=Shanxi Test Unit,C=CN') =>
    graph.execute(
      `mutation($input: EnrollmentInput!) { createEnrollment(input: $input) { referenceCode authorizationCode certificate { id state } } }`,
      viewer,
      {
        input: {
          kind: 'ORGANIZATION',
          usage: 'SIGNING',
          subject,
          holderUserId: holder.kind === 'citizen' ? holder.subject : null,
        },
      },
    );

  it('RA-11: only the RA service creates enrollments; the reserved certificate shows as NEW_APPLICATION', async () => {
    expect(codes(await enroll(staffViewer('ADMINISTRATOR')))).toEqual(['FORBIDDEN']);
    expect(codes(await enroll(serviceViewer('identity')))).toEqual(['FORBIDDEN']);
    expect(codes(await enroll({ kind: 'anonymous' }))).toEqual(['UNAUTHENTICATED']);
    const created = dataOf<{
      createEnrollment: {
        referenceCode: string;
        authorizationCode: string;
        certificate: { id: string; state: string };
      };
    }>(await enroll());
    expect(created.createEnrollment.certificate.state).toBe('NEW_APPLICATION');

    const { csr } = await subscriberRequest();
    const csrPem = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const redeemed = dataOf<{ redeemEnrollment: { pem: string; certificate: { id: string; state: string } } }>(
      await graph.execute(
        `mutation($r: String!, $a: String!, $csr: String!) { redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) { pem certificate { id state } } }`,
        undefined,
        { r: created.createEnrollment.referenceCode, a: created.createEnrollment.authorizationCode, csr: csrPem },
      ),
    );
    expect(redeemed.redeemEnrollment.certificate).toEqual({
      id: created.createEnrollment.certificate.id,
      state: 'IN_USE',
    });
    expect(redeemed.redeemEnrollment.pem).toContain('-----BEGIN CERTIFICATE-----');
    certificateId = redeemed.redeemEnrollment.certificate.id;

    // RA item 14: a repeat after a lost answer gets the same certificate.
    const again = await graph.execute(
      `mutation($r: String!, $a: String!, $csr: String!) { redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) { pem } }`,
      undefined,
      { r: created.createEnrollment.referenceCode, a: created.createEnrollment.authorizationCode, csr: csrPem },
    );
    expect(dataOf<{ redeemEnrollment: { pem: string } }>(again).redeemEnrollment.pem).toBe(
      redeemed.redeemEnrollment.pem,
    );
  });

  it('RA item 14: only the RA service asks what an enrollment issued', async () => {
    const query = 'query($r: String!) { enrollmentIssuance(applicationReference: $r) { pem } }';
    const ask = (viewer: Parameters<typeof graph.execute>[1]) => graph.execute(query, viewer, { r: 'application:x' });
    expect(codes(await ask(staffViewer('ISSUING_CLERK')))).toEqual(['FORBIDDEN']);
    expect(codes(await ask(serviceViewer('identity')))).toEqual(['FORBIDDEN']);
    expect(dataOf<{ enrollmentIssuance: null }>(await ask(serviceViewer('ra')))).toEqual({ enrollmentIssuance: null });
  });

  it('CT-2: anyone finds certificates by part of the subject name and sees only the public fields and state', async () => {
    const query = `query($s: String!, $m: SubjectMatch) { certificateStatus(subject: $s, match: $m) { total certificates { serialNumber subject kind usage notBefore notAfter state } } }`;
    const partial = dataOf<{ certificateStatus: { total: number; certificates: { state: string; kind: string }[] } }>(
      await graph.execute(query, undefined, { s: 'shanxi test', m: 'PARTIAL' }),
    );
    expect(partial.certificateStatus.total).toBe(1);
    expect(partial.certificateStatus.certificates[0]).toMatchObject({ state: 'IN_USE', kind: 'ORGANIZATION' });
    const exact = dataOf<{ certificateStatus: { total: number } }>(
      await graph.execute(query, undefined, { s: 'shanxi test', m: 'EXACT' }),
    );
    expect(exact.certificateStatus.total).toBe(0);
    for (const name of ['Shanxi Test Unit', 'Graph Subscriber']) {
      const byName = dataOf<{ certificateStatus: { total: number } }>(
        await graph.execute(query, undefined, { s: name, m: 'EXACT' }),
      );
      expect(byName.certificateStatus.total).toBe(1);
    }
    const wildcard = dataOf<{ certificateStatus: { total: number } }>(
      await graph.execute(query, undefined, { s: '%', m: 'PARTIAL' }),
    );
    expect(wildcard.certificateStatus.total).toBe(0);

    const pem = await graph.execute(
      `query($s: String!) { certificateStatus(subject: $s) { certificates { pem } } }`,
      undefined,
      { s: 'Shanxi' },
    );
    expect(codes(pem)).toEqual(['UNAUTHENTICATED']);
  });

  it('CT-2: through _entities the public fields are open and the PEM only to the holder and staff', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Certificate { serialNumber state pem } } }`;
    const variables = { r: [{ __typename: 'Certificate', id: certificateId }] };
    const stranger = await graph.execute(query, citizenViewer(), variables);
    expect(codes(stranger)).toEqual(['FORBIDDEN']);
    const own = dataOf<{ _entities: { pem: string; state: string }[] }>(await graph.execute(query, holder, variables));
    expect(own._entities[0]?.pem).toContain('BEGIN CERTIFICATE');
    expect(own._entities[0]?.state).toBe('IN_USE');
    const publicOnly = dataOf<{ _entities: { serialNumber: string }[] }>(
      await graph.execute(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Certificate { serialNumber state } } }`,
        undefined,
        variables,
      ),
    );
    expect(publicOnly._entities[0]?.serialNumber).toMatch(/^[0-9a-f]{32}$/);
  });

  it('RA-5 RA-4: the RA suspends (staff see since when, and find it by suspendedBefore), releases and revokes; a citizen or a clerk without the role cannot', async () => {
    const suspend = `mutation($id: UUID!) { suspendCertificate(id: $id) { state } }`;
    expect(codes(await graph.execute(suspend, holder, { id: certificateId }))).toEqual(['FORBIDDEN']);
    expect(codes(await graph.execute(suspend, staffViewer('ENTRY_CLERK'), { id: certificateId }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(dataOf(await graph.execute(suspend, serviceViewer('ra'), { id: certificateId }))).toEqual({
      suspendCertificate: { state: 'SUSPENDED' },
    });
    const suspendedBefore = (before: Date) =>
      graph.execute(
        `query($f: CertificateFilter) { certificates(filter: $f) { total certificates { id state suspendedAt } } }`,
        staffViewer('AUDITOR'),
        { f: { suspendedBefore: before.toISOString() } },
      );
    const [event] = await orm.em.fork().find(RevocationEvent, { certificateId, action: 'suspend' });
    const suspended = dataOf<{ certificates: { certificates: { id: string; suspendedAt: string }[] } }>(
      await suspendedBefore(new Date(Date.now() + 60_000)),
    );
    expect(suspended.certificates.certificates).toEqual([
      { id: certificateId, state: 'SUSPENDED', suspendedAt: event?.at.toISOString() },
    ]);
    expect(dataOf(await suspendedBefore(new Date(Date.now() - 86_400_000)))).toEqual({
      certificates: { total: 0, certificates: [] },
    });
    const publicView = await graph.execute(
      `query($s: String!) { certificateStatus(subject: $s) { certificates { state suspendedAt } } }`,
      undefined,
      { s: 'Graph Subscriber' },
    );
    expect(codes(publicView)).toEqual(['UNAUTHENTICATED']);
    expect(
      dataOf(
        await graph.execute(`mutation($id: UUID!) { releaseCertificate(id: $id) { state } }`, serviceViewer('ra'), {
          id: certificateId,
        }),
      ),
    ).toEqual({ releaseCertificate: { state: 'IN_USE' } });
    expect(
      dataOf(
        await graph.execute(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Certificate { suspendedAt } } }`,
          holder,
          { r: [{ __typename: 'Certificate', id: certificateId }] },
        ),
      ),
    ).toEqual({ _entities: [{ suspendedAt: null }] });
    expect(
      dataOf(
        await graph.execute(
          `mutation($id: UUID!) { revokeCertificate(id: $id, reason: KEY_COMPROMISE) { state } }`,
          staffViewer('ADMINISTRATOR'),
          { id: certificateId },
        ),
      ),
    ).toEqual({ revokeCertificate: { state: 'REVOKED' } });
  });

  it('CT-2: staff query certificates by state and holder; citizens cannot', async () => {
    const query = `query($f: CertificateFilter) { certificates(filter: $f) { total certificates { id state } } }`;
    expect(codes(await graph.execute(query, holder, { f: {} }))).toEqual(['FORBIDDEN']);
    const revoked = dataOf<{ certificates: { certificates: { id: string; state: string }[] } }>(
      await graph.execute(query, staffViewer('AUDITOR'), {
        f: { state: 'REVOKED', holderUserId: holder.kind === 'citizen' ? holder.subject : null, authority: 'issuing' },
      }),
    );
    expect(revoked.certificates.certificates).toEqual([{ id: certificateId, state: 'REVOKED' }]);
  });

  it('CT-2: staff find a certificate by its serial however it is typed; a serial that is not hex is refused', async () => {
    const query = `query($f: CertificateFilter) { certificates(filter: $f) { total certificates { id serialNumber } } }`;
    const all = dataOf<{ certificates: { certificates: { id: string; serialNumber: string }[] } }>(
      await graph.execute(query, staffViewer('AUDITOR'), { f: {} }),
    );
    const certificate = all.certificates.certificates.find((c) => c.id === certificateId);
    if (!certificate) throw new Error('the certificate is not listed');
    const spellings = [
      certificate.serialNumber,
      `000${certificate.serialNumber.toUpperCase()}`,
      certificate.serialNumber.replace(/^0/, ''),
      certificate.serialNumber.replace(/(..)(?!$)/g, '$1:'),
    ];
    for (const serialNumber of spellings) {
      const found = dataOf<{ certificates: { certificates: { id: string }[] } }>(
        await graph.execute(query, staffViewer('AUDITOR'), { f: { serialNumber } }),
      );
      expect(found.certificates.certificates).toEqual([{ id: certificateId, serialNumber: certificate.serialNumber }]);
    }
    expect(codes(await graph.execute(query, staffViewer('AUDITOR'), { f: { serialNumber: 'not-a-serial' } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('CT-6: the support handbook lists the five client error codes with cause and fix', async () => {
    const result = dataOf<{ supportEntries: { errorCode: string | null; cause: string; fix: string }[] }>(
      await graph.execute(`{ supportEntries { errorCode symptom cause fix } }`),
    );
    expect(result.supportEntries.map((e) => e.errorCode).filter(Boolean)).toEqual([
      '-10101011',
      '-10101019',
      '-10101029',
      '-10101039',
      '-10101042',
    ]);
    expect(result.supportEntries.find((e) => e.errorCode === '-10101039')?.fix).toBe(
      'Bring the required documents and apply for renewal',
    );
  });
});
