import { byNumber, extensionsOf, gmt0015Oids, personApplication } from '../harness/gm-identity';
import { issuedCertificate, raCounter } from '../harness/ra-counter';

// A platform of its own: the RA's runtime (its certificate authority client) is one per process.
const off = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR'], {
  CA_GM_IDENTITY_EXTENSIONS: 'off',
});

describe('CA_GM_IDENTITY_EXTENSIONS=off (issue 14 item 5)', () => {
  it("a person's application at the counter yields a certificate without any GM/T 0015 identity extension; the status query still finds it", async () => {
    const { id, insuranceNumber } = await personApplication(off);
    const certificateId = await issuedCertificate(off, id);
    const extensions = await extensionsOf(off, certificateId);
    for (const oid of Object.values(gmt0015Oids)) expect(extensions.has(oid)).toBe(false);
    expect(await byNumber(off, insuranceNumber)).toContain(certificateId);
  });
});
