import type { MikroORM } from '@mikro-orm/postgresql';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { Extension } from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { derElement } from '../authority/der-writer';
import { Certificate } from '../certificates/certificate.entity';
import { searchByNumber, searchCertificates } from '../certificates/certificate-search';
import { Enrollment } from '../enrollment/enrollment.entity';
import { contentOfDer, lintCertificate } from '../lint/certificate-lint';
import { identityExtensionLint } from '../lint/identity-extension-lint';
import { defaultPolicyArc, subscriberProfile } from '../profiles/certificate-profile';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run, subscriberRequest } from '../testing/test-pki';
import { type IdentityExtensionValues, identityExtensionOids, identityExtensionValues } from './identity-extensions';

const idNumber = '44030019900307123X';
const personInsurance = '440300123456';
const creditCode = '91440300MA5F0K3R4P';
const unitInsurance = '1401300001';

/** An extension's value read by asn1js from the certificate @peculiar/asn1-x509 parsed (not our DER reader). */
function extensionValue(der: Buffer, oid: string): asn1js.AsnType | undefined {
  const certificate = AsnConvert.parse(der, AsnCertificate);
  const extension = certificate.tbsCertificate.extensions?.find((candidate) => candidate.extnID === oid);
  if (!extension) return undefined;
  expect(extension.critical).toBe(false);
  const parsed = asn1js.fromBER(extension.extnValue.buffer);
  expect(parsed.offset).toBe(extension.extnValue.buffer.byteLength);
  return parsed.result;
}

function printable(value: asn1js.AsnType | undefined): string | undefined {
  expect(value).toBeInstanceOf(asn1js.PrintableString);
  return (value as asn1js.PrintableString).valueBlock.value;
}

/**
 * `openssl x509` on a certificate. OpenSSL 3.0 selects extensions for `-ext` by name only, so a
 * relying party names the GM/T 0015 OIDs in its configuration (`oid_section`), as here.
 */
async function openssl(der: Buffer, ...args: string[]): Promise<string> {
  const files = fileSet({
    'cert.pem': pem(der, 'CERTIFICATE'),
    'oids.cnf': [
      'openssl_conf = openssl_init',
      '[openssl_init]',
      'oid_section = gmt0015',
      '[gmt0015]',
      ...Object.entries(identityExtensionOids).map(([name, oid]) => `gmt${name} = ${oid}`),
    ].join('\n'),
  });
  try {
    const named = args.includes('-ext') ? ['env', `OPENSSL_CONF=${files.path('oids.cnf')}`] : [];
    const [command, ...rest] = [...named, 'openssl', 'x509', '-noout', '-in', files.path('cert.pem'), ...args];
    const { status, output } = await run(command as string, rest);
    expect(status).toBe(0);
    return output;
  } finally {
    files.remove();
  }
}

describe("GM/T 0015 identity extensions from the RA's data (issue 14 item 5)", () => {
  let orm: MikroORM;
  let server: PkiServer;

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm);
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  async function issue(on: PkiServer, request: Parameters<PkiServer['pki']['enrollments']['create']>[0]) {
    const codes = await on.pki.enrollments.create(request, 'ra');
    const { csr } = await subscriberRequest();
    const redeemed = await on.pki.enrollments.redeem({ ...codes, csr });
    return { codes, ...redeemed };
  }

  it("a person's certificate carries the ID number (IdentityCode [0] residenterCardNumber) and the social-insurance number, as OpenSSL and asn1js read them; the ID number waits sealed and is dropped once issued", async () => {
    const { codes, certificate, encryption } = await issue(server, {
      kind: 'personal',
      usage: 'signing',
      dual: true,
      subject: `CN=张三,OU=${personInsurance},C=CN`,
      identity: { idNumber: idNumber.toLowerCase(), insuranceNumber: ` ${personInsurance} ` },
    });
    const der = certificate.der as Buffer;

    const text = await openssl(der, '-text');
    expect(text).toContain(`${identityExtensionOids.identityCode}: \n`);
    expect(text).toContain(idNumber);
    expect(text).toContain(identityExtensionOids.insuranceNumber);
    expect(text).toContain(personInsurance);
    const insurance = await openssl(der, '-ext', 'gmtinsuranceNumber');
    expect(insurance).toContain('gmtinsuranceNumber');
    expect(insurance).toContain(personInsurance);
    expect(insurance).not.toContain(idNumber);
    const identity = await openssl(der, '-ext', 'gmtidentityCode');
    expect(identity).toContain(idNumber);

    // IdentityCode ::= CHOICE { residenterCardNumber [0] EXPLICIT PrintableString, ... }
    const identityCode = extensionValue(der, identityExtensionOids.identityCode) as asn1js.Constructed;
    expect(identityCode.idBlock).toMatchObject({ tagClass: 3, tagNumber: 0, isConstructed: true });
    expect(printable(identityCode.valueBlock.value[0])).toBe(idNumber);
    expect(printable(extensionValue(der, identityExtensionOids.insuranceNumber))).toBe(personInsurance);
    for (const oid of [
      identityExtensionOids.icRegistrationNumber,
      identityExtensionOids.organizationCode,
      identityExtensionOids.taxationNumber,
    ]) {
      expect(extensionValue(der, oid)).toBeUndefined();
    }
    // The encryption certificate of the pair names the same subscriber.
    const encryptionDer = encryption?.certificate.der as Buffer;
    expect(printable(extensionValue(encryptionDer, identityExtensionOids.insuranceNumber))).toBe(personInsurance);

    // Linted before signing against what the RA said; the same certificate against nothing fails.
    const profile = subscriberProfile('personal', 'signing', {});
    const issuer = (await server.pki.hierarchy.issuing()).certificate;
    const expected: IdentityExtensionValues = {
      identityCode: { tag: 0, value: idNumber },
      insuranceNumber: personInsurance,
    };
    const findings = (identity?: IdentityExtensionValues) =>
      lintCertificate(der, { profile, issuer, policyArc: defaultPolicyArc, identity }).map((f) => f.lint);
    expect(findings(expected)).not.toContain('e_gmt0015_identity_extensions');
    expect(findings(undefined)).toContain('e_gmt0015_identity_extensions');

    // ID-8: never in clear at rest at the CA; gone from the enrollment once the certificate carries it.
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute(`select * from "certificate"."enrollment" where id = ?`, [codes.enrollment.id]);
    expect(JSON.stringify(rows)).not.toContain(idNumber);
    const stored = await orm.em
      .fork()
      .findOneOrFail(Enrollment, { id: codes.enrollment.id }, { populate: ['idNumberSealed'] });
    expect(stored.idNumberSealed).toBeNull();
  });

  it("a unit's certificate carries its social-insurance number and its credit code as registration, organization (characters 9-17) and tax number; the status query and the staff search find it by either number", async () => {
    const { certificate } = await issue(server, {
      kind: 'organization',
      usage: 'signing',
      subject: `CN=深圳市测试有限公司,OU=${unitInsurance},C=CN`,
      identity: { insuranceNumber: unitInsurance, creditCode: creditCode.toLowerCase() },
    });
    const der = certificate.der as Buffer;
    expect(extensionValue(der, identityExtensionOids.identityCode)).toBeUndefined();
    expect(printable(extensionValue(der, identityExtensionOids.insuranceNumber))).toBe(unitInsurance);
    expect(printable(extensionValue(der, identityExtensionOids.icRegistrationNumber))).toBe(creditCode);
    expect(printable(extensionValue(der, identityExtensionOids.organizationCode))).toBe('MA5F0K3R4');
    expect(printable(extensionValue(der, identityExtensionOids.taxationNumber))).toBe(creditCode);
    const text = await openssl(der, '-text');
    for (const oid of Object.values(identityExtensionOids).slice(1)) expect(text).toContain(oid);

    const page = { first: 10, offset: 0 };
    const [byInsurance] = await searchByNumber(orm.em.fork(), ` ${unitInsurance}`, page);
    expect(byInsurance.map((c) => c.id)).toEqual([certificate.id]);
    const [byCode] = await searchByNumber(orm.em.fork(), creditCode.toLowerCase(), page);
    expect(byCode.map((c) => c.id)).toEqual([certificate.id]);
    const [staff] = await searchCertificates(
      orm.em.fork(),
      { creditCode, insuranceNumber: unitInsurance },
      page,
      new Date(),
    );
    expect(staff.map((c) => c.id)).toEqual([certificate.id]);
    // Exact only: a prefix finds nothing.
    const [prefix] = await searchByNumber(orm.em.fork(), creditCode.slice(0, 10), page);
    expect(prefix).toEqual([]);
  });

  it('numbers a certificate cannot carry are refused at approval (SUBSCRIBER_IDENTITY_INVALID)', async () => {
    const create = (identity: Record<string, string>) =>
      server.pki.enrollments.create(
        { kind: 'organization', usage: 'signing', subject: 'CN=Unit,C=CN', identity },
        'ra',
      );
    await expect(create({ creditCode: '91440300MA5F0K3R4' })).rejects.toMatchObject({
      code: 'SUBSCRIBER_IDENTITY_INVALID',
      extensions: { field: 'creditCode' },
    });
    await expect(create({ insuranceNumber: '社保123' })).rejects.toMatchObject({
      extensions: { field: 'insuranceNumber' },
    });
    await expect(create({ organizationCode: 'MA5F0K3R' })).rejects.toMatchObject({
      extensions: { field: 'organizationCode' },
    });
  });

  it('with CA_GM_IDENTITY_EXTENSIONS off no certificate carries them and the CA keeps no ID number; the row stays searchable', async () => {
    const off = await startPkiServer(orm, { identityExtensions: false });
    try {
      const { codes, certificate } = await issue(off, {
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=李四,C=CN',
        identity: { idNumber, insuranceNumber: '440300654321' },
      });
      const der = certificate.der as Buffer;
      expect(await openssl(der, '-text')).not.toContain('1.2.156.10260');
      for (const oid of Object.values(identityExtensionOids)) expect(extensionValue(der, oid)).toBeUndefined();
      const stored = await orm.em
        .fork()
        .findOneOrFail(Enrollment, { id: codes.enrollment.id }, { populate: ['idNumberSealed'] });
      expect(stored.idNumberSealed).toBeNull();
      const row = await orm.em.fork().findOneOrFail(Certificate, { id: certificate.id });
      expect(row.insuranceNumber).toBe('440300654321');
    } finally {
      await off.close();
    }
  });
});

describe('the GM/T 0015 lint (e_gmt0015_identity_extensions)', () => {
  const printableDer = (value: string) => derElement(0x13, Buffer.from(value));
  const extension = (oid: string, der: Buffer, critical = false) =>
    new Extension(oid, critical, new Uint8Array(der).buffer);
  const check = (extensions: Extension[], identity?: IdentityExtensionValues) =>
    identityExtensionLint.check({
      certificate: { extensions } as unknown as ReturnType<typeof contentOfDer>,
      profile: subscriberProfile('personal', 'signing', {}),
      policyArc: defaultPolicyArc,
      identity,
    });
  const { identityCode, insuranceNumber, organizationCode } = identityExtensionOids;

  it('a resident ID card number is residenterCardNumber [0]; any other document number (a passport) passportNumber [2]', () => {
    expect(identityExtensionValues({ idNumber }).identityCode).toEqual({ tag: 0, value: idNumber });
    expect(identityExtensionValues({ idNumber: '440303850312123' }).identityCode?.tag).toBe(0);
    expect(identityExtensionValues({ idNumber: 'E12345678' }).identityCode).toEqual({ tag: 2, value: 'E12345678' });
  });

  it('accepts exactly the expected values, each non-critical and of its ASN.1 type', () => {
    const identity = { identityCode: { tag: 0, value: idNumber }, insuranceNumber: personInsurance };
    expect(
      check(
        [
          extension(identityCode, derElement(0xa0, printableDer(idNumber))),
          extension(insuranceNumber, printableDer(personInsurance)),
        ],
        identity,
      ),
    ).toBeUndefined();
  });

  it.each([
    ['critical', [extension(insuranceNumber, printableDer(personInsurance), true)], 'insuranceNumber is critical'],
    [
      'a UTF8String',
      [extension(insuranceNumber, derElement(0x0c, Buffer.from(personInsurance)))],
      'not a PrintableString',
    ],
    ['another value', [extension(insuranceNumber, printableDer('440300000000'))], 'differs'],
    [
      'twice',
      [
        extension(insuranceNumber, printableDer(personInsurance)),
        extension(insuranceNumber, printableDer(personInsurance)),
      ],
      'appears 2 times',
    ],
  ])('refuses an InsuranceNumber that is %s', (_case, extensions, problem) => {
    expect(check(extensions, { insuranceNumber: personInsurance })).toContain(problem);
  });

  it('refuses an IMPLICIT IdentityCode, an organization code of the wrong size, and numbers nobody asked for', () => {
    const implicit = extension(identityCode, derElement(0x80, Buffer.from(idNumber)));
    expect(check([implicit], { identityCode: { tag: 0, value: idNumber } })).toContain('EXPLICIT');
    const passportAsIdCard = extension(identityCode, derElement(0xa0, printableDer('E12345678')));
    expect(check([passportAsIdCard], { identityCode: { tag: 0, value: 'E12345678' } })).toContain('GB 11643');
    const long = extension(organizationCode, printableDer('MA5F0K3R4P'));
    expect(check([long], { organizationCode: 'MA5F0K3R4P' })).toContain('10 characters');
    expect(check([extension(insuranceNumber, printableDer(personInsurance))])).toContain('not expected');
    expect(check([], { insuranceNumber: personInsurance })).toContain('missing');
  });
});
