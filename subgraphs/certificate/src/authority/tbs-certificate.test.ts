import { createHash, generateKeyPairSync } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Extension,
  Extensions,
  Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { X509Certificate, Name as X509Name } from '@peculiar/x509';
import { contentOfDer, lintCertificate, lintContent } from '../lint/certificate-lint';
import {
  type CertificateProfile,
  defaultPolicyArc,
  issuingCaProfile,
  ocspResponderProfile,
  rootCaProfile,
  subscriberProfiles,
} from '../profiles/certificate-profile';
import { CertificateFactory, type CertificateOrder, type IssuingAuthority } from './certificate-factory';
import { nameDer } from './name-der';
import { PkiUrls } from './pki-urls';
import { signDer } from './signed-der';
import { signatureAlgorithmOf, throwawaySigner } from './signer';
import { keyIdentifier } from './tbs-certificate';

const spki = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) => key.export({ type: 'spki', format: 'der' });
const keys = {
  ec: spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey),
  ec384: spki(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey),
  rsa: spki(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey),
};

/** The key identifier as computed before, through the ASN.1 parser. */
const previousKeyIdentifier = (key: Buffer) =>
  createHash('sha1')
    .update(Buffer.from(AsnConvert.parse(key, SubjectPublicKeyInfo).subjectPublicKey))
    .digest('hex');

/** The same TBSCertificate built by @peculiar/asn1-x509 from the draft's fields (the former encoder). */
function libraryTbsCertificate(draft: ReturnType<CertificateFactory['draft']>, algorithm: 'P-256' | 'RSA-2048') {
  const { content } = draft;
  return Buffer.from(
    AsnConvert.serialize(
      new TBSCertificate({
        version: Version.v3,
        serialNumber: new Uint8Array(content.serialNumber).buffer,
        signature: signatureAlgorithmOf(algorithm),
        issuer: AsnConvert.parse(content.issuer, Name),
        validity: new Validity({ notBefore: content.notBefore, notAfter: content.notAfter }),
        subject: AsnConvert.parse(content.subjectDer, Name),
        subjectPublicKeyInfo: AsnConvert.parse(content.publicKey, SubjectPublicKeyInfo),
        extensions: new Extensions(
          content.extensions.map((extension) => AsnConvert.parse(extension.rawData, Extension)),
        ),
      }),
    ),
  );
}

async function caOf(algorithm: 'P-256' | 'RSA-2048'): Promise<IssuingAuthority> {
  const factory = new CertificateFactory(defaultPolicyArc);
  const signer = throwawaySigner(algorithm);
  const urls = new PkiUrls('https://pki.example');
  const root = new X509Certificate(
    (
      await factory.make(
        {
          profile: rootCaProfile,
          subject: 'CN=Cross Check Root,O=Tessera,C=CN',
          publicKey: algorithm === 'P-256' ? keys.ec : keys.rsa,
          notBefore: new Date('2026-01-01T00:00:00Z'),
          notAfter: new Date('2066-01-01T00:00:00Z'),
        },
        { signer },
      )
    ).der,
  );
  return {
    signer,
    certificate: root,
    name: root.subjectName.toArrayBuffer(),
    keyId: keyIdentifier(Buffer.from(root.publicKey.rawData)),
    pointers: urls.pointersFor('issuing', true),
  };
}

const orders: Array<Omit<CertificateOrder, 'profile'> & { profile: CertificateProfile }> = [
  {
    profile: subscriberProfiles.personal.signing,
    subject: 'CN=张三,O=Tessera,C=CN',
    publicKey: keys.ec,
    notBefore: new Date('2026-03-04T05:06:07.891Z'),
    notAfter: new Date('2027-03-04T05:06:07Z'),
  },
  {
    profile: subscriberProfiles.server.encryption,
    subject: 'CN=www.example.com,O=Example',
    publicKey: keys.rsa,
    dnsNames: ['www.example.com', 'example.com'],
    notBefore: new Date('2049-12-31T23:59:59Z'),
    notAfter: new Date('2050-01-01T00:00:00Z'),
    serialNumber: 'ff'.repeat(16),
  },
  {
    profile: subscriberProfiles.organization.encryption,
    subject: 'CN=Unit "A"+OU=Ops,O=Example',
    publicKey: keys.ec384,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2060-06-30T12:00:00Z'),
    serialNumber: '7f'.repeat(16),
  },
  {
    profile: issuingCaProfile,
    subject: 'CN=Issuing,O=Tessera,C=CN',
    publicKey: keys.rsa,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
  },
  {
    profile: ocspResponderProfile,
    subject: 'CN=OCSP',
    publicKey: keys.ec,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-04-01T00:00:00Z'),
  },
];

describe('the certificate encoder (CT-1)', () => {
  it('CT-1: writes the TBSCertificate byte for byte as @peculiar/asn1-x509 does', async () => {
    for (const algorithm of ['P-256', 'RSA-2048'] as const) {
      const ca = await caOf(algorithm);
      const factory = new CertificateFactory(defaultPolicyArc);
      for (const order of orders) {
        const draft = factory.draft(order, ca);
        expect(draft.tbs.equals(libraryTbsCertificate(draft, algorithm))).toBe(true);
      }
      const selfSigned = factory.draft(
        { ...(orders[3] as CertificateOrder), profile: rootCaProfile },
        {
          signer: ca.signer,
        },
      );
      expect(selfSigned.tbs.equals(libraryTbsCertificate(selfSigned, algorithm))).toBe(true);
    }
  });

  it('CT-1: the lint of what is about to be encoded finds what the lint of the signed DER finds', async () => {
    const ca = await caOf('P-256');
    const factory = new CertificateFactory(defaultPolicyArc);
    const profiles = [
      ...Object.values(subscriberProfiles).flatMap((byUsage) => Object.values(byUsage)),
      issuingCaProfile,
    ];
    let findings = 0;
    for (const order of orders) {
      const draft = factory.draft(order, ca);
      const der = await signDer(draft.tbs, throwawaySigner('P-256'));
      const parsed = contentOfDer(der);
      expect(parsed.extensions.map((extension) => Buffer.from(extension.rawData).toString('hex'))).toEqual(
        draft.content.extensions.map((extension) => Buffer.from(extension.rawData).toString('hex')),
      );
      for (const profile of profiles) {
        for (const issuer of [ca.certificate, undefined]) {
          for (const pointers of [ca.pointers, undefined]) {
            const expectation = { profile, issuer, policyArc: defaultPolicyArc, pointers };
            const fromDraft = lintContent(draft.content, expectation);
            expect(fromDraft).toEqual(lintCertificate(der, expectation));
            findings += fromDraft.length;
          }
        }
      }
    }
    expect(findings).toBeGreaterThan(0);
  });

  it('keyIdentifier hashes the subjectPublicKey bits as the ASN.1 parse did', () => {
    for (const key of Object.values(keys)) expect(keyIdentifier(key)).toBe(previousKeyIdentifier(key));
  });
});

describe('the subject encoder (CT-1)', () => {
  it('CT-1: writes names byte for byte as @peculiar/x509 does', () => {
    const subjects = [
      'CN=张三,O=Tessera,C=CN',
      'CN=Bench 12,O=Bench',
      'CN=www.example.com+OU=Ops,O=Example,L=Beijing,ST=Beijing,C=CN',
      'E=someone@example.com,CN=Some One,DC=example,DC=com',
      'CN="Quoted, Inc.",O=A\\+B',
      'CN=Ünïcödé Straße,O=Ä',
      '2.5.4.3=By OID,O=x',
      'CN=#0c03616263,O=Hex Value',
      `CN=${'long name '.repeat(20)},O=Long`,
      '2.5.4.5=110101199001011234,CN=Serial',
    ];
    for (const subject of subjects) {
      const name = new X509Name(subject);
      expect(nameDer(name).toString('hex')).toBe(Buffer.from(name.toArrayBuffer()).toString('hex'));
    }
  });
});
