import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { X509Certificate } from '@peculiar/x509';
import { SoftwareKeyBackend } from '../keys/software/software-key-backend';
import { OcspResponderService } from '../ocsp/ocsp-responder-service';
import { defaultPolicyArc } from '../profiles/certificate-profile';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run, subscriberRequest } from '../testing/test-pki';
import { CaHierarchy, type HierarchyDefinition } from './ca-hierarchy';
import { CertificateFactory } from './certificate-factory';
import { CertificateIssuer } from './certificate-issuer';
import { PkiUrls } from './pki-urls';

const withOpenssl = commandExists('openssl') ? it : it.skip;

/** Two hierarchies of different algorithms, as `CA_HIERARCHIES` will configure (issue 14 item 1): just two definitions. */
const hierarchies: HierarchyDefinition[] = [
  {
    name: 'international',
    algorithm: 'P-256',
    rootSubject: 'CN=Tessera Root CA,O=Tessera,C=CN',
    issuingSubject: 'CN=Tessera Issuing CA,O=Tessera,C=CN',
    responderSubject: 'CN=Tessera OCSP Responder,O=Tessera,C=CN',
  },
  {
    name: 'second',
    algorithm: 'RSA-2048',
    rootSubject: 'CN=Second Root CA,O=Tessera,C=CN',
    issuingSubject: 'CN=Second Issuing CA,O=Tessera,C=CN',
    responderSubject: 'CN=Second OCSP Responder,O=Tessera,C=CN',
  },
];

describe('several CA hierarchies in one CA (issue 14 item 1, issue 13 item 6)', () => {
  let orm: MikroORM;
  let hierarchy: CaHierarchy;
  let issuer: CertificateIssuer;

  beforeAll(async () => {
    orm = await openTestDatabase();
    const factory = new CertificateFactory(defaultPolicyArc);
    hierarchy = new CaHierarchy({
      em: orm.em,
      backend: new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 5) }),
      factory,
      urls: new PkiUrls('http://hierarchies.example'),
      hierarchies,
      rootValidityDays: 7300,
      issuingValidityDays: 3650,
      responderValidityDays: 90,
    });
    await hierarchy.ensure();
    issuer = new CertificateIssuer({ em: orm.em, hierarchy, factory, validityDays: 365, identityExtensions: true });
  });
  afterAll(() => orm.close());

  const issue = async (under?: string) =>
    issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Two Hierarchies',
      hierarchy: under,
      csr: (await subscriberRequest()).csr,
    });

  it('CT-4: each hierarchy has its own root and issuing CA, its own algorithm and names; the first is the default', async () => {
    const authorities = await hierarchy.authorities();
    expect(authorities.map(({ entity }) => [entity.name, entity.hierarchy, entity.algorithm])).toEqual([
      ['root', 'international', 'P-256'],
      ['issuing', 'international', 'P-256'],
      ['second-root', 'second', 'RSA-2048'],
      ['second-issuing', 'second', 'RSA-2048'],
    ]);
    const [byDefault, bySecond] = [await issue(), await issue('second')];
    expect(byDefault.authorityId).toBe((await hierarchy.issuing('international')).entity.id);
    const second = await hierarchy.issuing('second');
    expect(bySecond.authorityId).toBe(second.entity.id);
    const leaf = new X509Certificate(bySecond.der as Buffer);
    expect(await leaf.verify({ publicKey: second.certificate.publicKey, signatureOnly: true })).toBe(true);
    expect(second.certificate.publicKey.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(
      (bySecond.der as Buffer).includes(Buffer.from('http://hierarchies.example/pki/crl/second-issuing.crl')),
    ).toBe(true);
    await expect(issue('sm9')).rejects.toMatchObject({ extensions: { code: 'CA_HIERARCHY_UNKNOWN' } });
  });

  withOpenssl(
    'a rollover of one hierarchy leaves the other alone; OCSP answers each CA with its own responder',
    async () => {
      const before = await issue('second');
      const international = await hierarchy.issuing();
      const rolled = await hierarchy.rollover('second', 'admin-1');
      expect(rolled.entity).toMatchObject({ name: 'second-issuing-2', hierarchy: 'second', algorithm: 'RSA-2048' });
      expect((await hierarchy.issuing()).entity.id).toBe(international.entity.id);
      expect((await issue('second')).authorityId).toBe(rolled.entity.id);

      const ocsp = new OcspResponderService({ em: orm.em, hierarchy, nextUpdateMinutes: 10 });
      const retired = await hierarchy.authority('second-issuing');
      const files = fileSet({
        'issuing.pem': pem(retired?.entity.certificateDer as Buffer, 'CERTIFICATE'),
        'leaf.pem': pem(before.der as Buffer, 'CERTIFICATE'),
      });
      try {
        const request = ['ocsp', '-issuer', files.path('issuing.pem'), '-cert', files.path('leaf.pem')];
        await run('openssl', [...request, '-no_nonce', '-reqout', files.path('req.der')]);
        const answer = await ocsp.respond(readFileSync(files.path('req.der')));
        expect(answer.statuses).toEqual(['good']);
        const responder = await hierarchy.responder(retired ?? undefined);
        expect(responder.certificate.issuer).toBe(retired?.certificate.subject);
        expect(responder.entity.algorithm).toBe('RSA-2048');
        expect(answer.der.includes(responder.entity.certificateDer)).toBe(true);
      } finally {
        files.remove();
      }
    },
  );
});
