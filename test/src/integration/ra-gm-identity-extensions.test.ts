import { OutboxMessage } from '@tessera/ra';
import type * as asn1js from 'asn1js';
import { byNumber, extensionsOf, gmt0015Oids, personApplication, text } from '../harness/gm-identity';
import { ok } from '../harness/graph-checks';
import { issuedCertificate, officerIdNumber, raCounter, registerUnit, submittedAtCounter } from '../harness/ra-counter';

const on = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR']);
const creditCode = '91440300MA5F0K3R4P';

describe("GM/T 0015 identity extensions filled from the RA's data (issue 14 item 5, RA-14, CT-2)", () => {
  it("a person's application at the counter yields a certificate with their ID number and social-insurance number; the status query finds it by that number", async () => {
    const { id, insuranceNumber } = await personApplication(on);
    const certificateId = await issuedCertificate(on, id);
    const extensions = await extensionsOf(on, certificateId);
    const identityCode = extensions.get(gmt0015Oids.identityCode) as asn1js.Constructed;
    expect(identityCode.idBlock).toMatchObject({ tagClass: 3, tagNumber: 0 });
    expect(text(identityCode.valueBlock.value[0])).toBe(officerIdNumber);
    expect(text(extensions.get(gmt0015Oids.insuranceNumber))).toBe(insuranceNumber);
    expect(extensions.has(gmt0015Oids.icRegistrationNumber)).toBe(false);

    // RA-14: the outbox never held the number in clear.
    const message = await on.platform.ra.orm.em.fork().findOneOrFail(OutboxMessage, { applicationId: id });
    expect(JSON.stringify(message)).not.toContain(officerIdNumber);

    expect(await byNumber(on, insuranceNumber)).toContain(certificateId);
  });

  it("a unit's certificate carries its social-insurance number and credit code, not its officer's ID number; the staff search finds it by either", async () => {
    const insuranceNumber = `1403${Date.now() % 10000000}`;
    const subscriberId = await registerUnit(on.as, { socialInsuranceNumber: insuranceNumber });
    const id = await submittedAtCounter(on.as, subscriberId, { businessType: 'CHANGE' });
    const certificateId = await issuedCertificate(on, id);
    const extensions = await extensionsOf(on, certificateId);
    expect(extensions.has(gmt0015Oids.identityCode)).toBe(false);
    expect(text(extensions.get(gmt0015Oids.insuranceNumber))).toBe(insuranceNumber);
    expect(text(extensions.get(gmt0015Oids.icRegistrationNumber))).toBe(creditCode);
    expect(text(extensions.get(gmt0015Oids.organizationCode))).toBe('MA5F0K3R4');
    expect(text(extensions.get(gmt0015Oids.taxationNumber))).toBe(creditCode);

    const staffSearch = async (filter: Record<string, string>) =>
      ok(
        await on.as<{ certificates: { certificates: { id: string }[] } }>(
          'ADMINISTRATOR',
          'query($filter: CertificateFilter!) { certificates(filter: $filter) { certificates { id } } }',
          { filter },
        ),
      ).certificates.certificates.map((certificate) => certificate.id);
    expect(await staffSearch({ insuranceNumber })).toContain(certificateId);
    expect(await staffSearch({ creditCode, insuranceNumber })).toContain(certificateId);
    expect(await byNumber(on, insuranceNumber)).toContain(certificateId);
  });
});
