import { generateKeyPairSync } from 'node:crypto';
import { CertificateFactory } from '../authority/certificate-factory';
import type { Signer } from '../authority/signer';
import { throwawaySigner } from '../authority/signer';
import { defaultPolicyArc, rootCaProfile, subscriberProfiles } from '../profiles/certificate-profile';
import { lintCertificate } from './certificate-lint';

function countingSigner(): Signer & { calls: number } {
  const inner = throwawaySigner('P-256');
  const signer = {
    algorithm: inner.algorithm,
    calls: 0,
    sign: (data: Buffer) => {
      signer.calls++;
      return inner.sign(data);
    },
  };
  return signer;
}

const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
const validity = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') };

describe('pre-issuance lint (CT-1, the Boulder pattern)', () => {
  it('CT-1: a certificate linted against another profile reports each difference', async () => {
    const factory = new CertificateFactory(defaultPolicyArc);
    const made = await factory.make(
      { profile: rootCaProfile, subject: 'CN=Some CA', publicKey, ...validity },
      { signer: throwawaySigner('P-256') },
    );
    expect(lintCertificate(made.der, { profile: rootCaProfile, policyArc: defaultPolicyArc })).toEqual([]);
    const findings = lintCertificate(made.der, {
      profile: subscriberProfiles.server.signing,
      policyArc: defaultPolicyArc,
    });
    expect(findings.map((finding) => finding.lint)).toEqual(
      expect.arrayContaining([
        'e_basic_constraints',
        'e_key_usage',
        'e_extended_key_usage',
        'e_subject_alt_name_dns',
        'e_certificate_policies',
        'e_crl_distribution_point',
      ]),
    );
  });

  it('CT-1: a certificate that breaks its profile is never signed by the CA key', async () => {
    const ca = countingSigner();
    const factory = new CertificateFactory(defaultPolicyArc);
    const order = { profile: subscriberProfiles.personal.signing, subject: 'CN=Nobody', publicKey, ...validity };
    // No revocation pointers given: the CRL and AIA lints fail before the real signature.
    await expect(factory.make(order, { signer: ca })).rejects.toMatchObject({ code: 'CERTIFICATE_LINT_FAILED' });
    expect(ca.calls).toBe(0);
  });

  it('a subject without a common name fails the lint', async () => {
    const factory = new CertificateFactory(defaultPolicyArc);
    await expect(
      factory.make(
        { profile: rootCaProfile, subject: 'O=No Common Name', publicKey, ...validity },
        { signer: countingSigner() },
      ),
    ).rejects.toMatchObject({
      extensions: { findings: [{ lint: 'e_subject_common_name', problem: 'subject has no common name' }] },
    });
  });
});
