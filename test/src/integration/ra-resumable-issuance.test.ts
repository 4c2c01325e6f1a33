import { PemConverter } from '@peculiar/x509';
import { openEnvelope, opensslAvailable } from '../../../subgraphs/certificate/src/testing/envelope-opener';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { errorCodes as codes, ok } from '../harness/graph-checks';
import {
  enrollmentCodes,
  raCounter,
  redeemCodes,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';

const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR']);
const { as } = ra;
const hasOpenssl = opensslAvailable();

interface Issuance {
  certificate: { id: string };
  serialNumber: string;
  pem: string;
  encryption: { certificate: { id: string }; envelope: string } | null;
}

const issuanceQuery = `query($id: UUID!) {
  applicationIssuance(applicationId: $id) { certificate { id } serialNumber pem encryption { certificate { id } envelope } }
}`;

const der = (pem: string) => Buffer.from(PemConverter.decode(pem)[0] as ArrayBuffer);

describe('issuing survives a lost page (RA item 14, RA-11, CT-1)', () => {
  it('redeems again to the same certificate, records the step afterwards, and gives the envelope again until delivery', async () => {
    const subscriberId = await registerUnit(as, { name: '大同煤矿集团' });
    const id = await submittedAtCounter(as, subscriberId, { businessType: 'CHANGE' });
    await stepApplication(as, 'ENTRY_CLERK', id, 'ENTER');
    await stepApplication(as, 'REVIEW_CLERK', id, 'APPROVE');
    const enrollment = await enrollmentCodes(as, id);
    expect(ok(await as<{ applicationIssuance: null }>('ISSUING_CLERK', issuanceQuery, { id }))).toEqual({
      applicationIssuance: null,
    });

    // The clerk's page redeems the codes, and the answer never reaches the clerk.
    const { csr, keys } = await subscriberRequest();
    const lost = ok(await redeemCodes(ra.platform.gateway.url, enrollment, csr)).redeemEnrollment;
    if (!lost.encryption) throw new Error('an organization certificate is issued dual (CT-1)');

    // The page reloads: the codes are still shown, and redeeming them again answers the same certificate.
    const again = ok(await redeemCodes(ra.platform.gateway.url, enrollment, csr)).redeemEnrollment;
    expect(again.certificate).toEqual(lost.certificate);
    expect(again.encryption?.certificate).toEqual(lost.encryption.certificate);
    const otherKey = await subscriberRequest();
    expect(codes(await redeemCodes(ra.platform.gateway.url, enrollment, otherKey.csr))).toEqual([
      'CERTIFICATE_ALREADY_ISSUED',
    ]);

    // Or the RA asks the certificate subgraph what the codes issued, for the issuing clerk only.
    const { applicationIssuance: fetched } = ok(
      await as<{ applicationIssuance: Issuance }>('ISSUING_CLERK', issuanceQuery, { id }),
    );
    expect(fetched).toMatchObject({
      certificate: { id: lost.certificate.id },
      serialNumber: lost.certificate.serialNumber,
      encryption: { certificate: lost.encryption.certificate },
    });
    expect(der(fetched.pem)).toEqual(der(lost.pem));
    expect(codes(await as('REVIEW_CLERK', issuanceQuery, { id }))).toEqual(['FORBIDDEN']);

    if (hasOpenssl) {
      const signing = der(lost.pem);
      const first = await openEnvelope(lost.encryption.envelope, signing, keys.privateKey);
      expect(await openEnvelope(again.encryption?.envelope as string, signing, keys.privateKey)).toEqual(first);
      expect(await openEnvelope(fetched.encryption?.envelope as string, signing, keys.privateKey)).toEqual(first);
    }

    // The step is recorded afterwards, without the lost answer: the RA learned the certificate itself.
    expect(await stepApplication(as, 'ISSUING_CLERK', id, 'ISSUE')).toEqual({ state: 'ISSUED' });
    const { application } = ok(
      await as<{ application: { certificate: { id: string; state: string; notAfter: string } } }>(
        'ISSUING_CLERK',
        'query($id: UUID!) { application(id: $id) { certificate { id state notAfter } } }',
        { id },
      ),
    );
    expect(application.certificate).toMatchObject({ id: lost.certificate.id, state: 'IN_USE' });
    // RA-15: the register's certificate end date is the one the RA learned at the step.
    const { subscriberRegister } = ok(
      await as<{ subscriberRegister: { contentBase64: string } }>(
        'ADMINISTRATOR',
        '{ subscriberRegister(format: CSV) { contentBase64 } }',
      ),
    );
    const row = Buffer.from(subscriberRegister.contentBase64, 'base64')
      .toString('utf8')
      .split('\r\n')
      .find((line) => line.includes('大同煤矿集团'));
    expect(row?.split(',')[7]).toBe(application.certificate.notAfter.slice(0, 10));
    expect(ok(await as<{ applicationIssuance: Issuance }>('ISSUING_CLERK', issuanceQuery, { id }))).toMatchObject({
      applicationIssuance: { certificate: { id: lost.certificate.id } },
    });

    // Delivered: the envelope is no longer given out.
    await stepApplication(as, 'ISSUING_CLERK', id, 'DELIVER');
    expect(codes(await as('ISSUING_CLERK', issuanceQuery, { id }))).toEqual(['ISSUANCE_CLOSED']);
  });
});
