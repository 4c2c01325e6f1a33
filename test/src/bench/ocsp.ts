import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { CertID, id_pkix_ocsp_nonce, OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate as AsnCertificate, Extension } from '@peculiar/asn1-x509';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import type { CertificateServices } from '@tessera/certificate';
import type { Benchmark } from './benchmark';
import { measureRate } from './rate';

/** An OCSPRequest for one certificate (SHA-1 CertID, as OpenSSL sends it), with a nonce when given. */
export function ocspRequest(issuerDer: Buffer, serialNumber: string, nonce?: Buffer): Buffer {
  const issuer = AsnConvert.parse(issuerDer, AsnCertificate).tbsCertificate;
  const sha1 = (data: ArrayBuffer) => new OctetString(createHash('sha1').update(new Uint8Array(data)).digest());
  const serial = Buffer.from(serialNumber, 'hex');
  const reqCert = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
    issuerNameHash: sha1(AsnConvert.serialize(issuer.subject)),
    issuerKeyHash: sha1(issuer.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: new Uint8Array((serial[0] as number) & 0x80 ? Buffer.concat([Buffer.alloc(1), serial]) : serial)
      .buffer,
  });
  const tbsRequest = new TBSRequest({
    requestList: [new Request({ reqCert })],
    requestExtensions: nonce
      ? [
          new Extension({
            extnID: id_pkix_ocsp_nonce,
            extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
          }),
        ]
      : undefined,
  });
  return Buffer.from(AsnConvert.serialize(new OCSPRequest({ tbsRequest })));
}

/**
 * Issue 4 (CT-5): OCSP answers per second over HTTP (POST) for one good certificate: requests without
 * a nonce, which the responder answers from its cache, against requests with a fresh nonce each,
 * which it looks up and signs every time. In-process fetch loops, so client and server share the CPU.
 */
export const ocsp: Benchmark = {
  name: 'ocsp',
  async run(ctx) {
    const { platform } = await ctx.stack();
    const { pki } = platform.certificate.services as CertificateServices;
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys, signingAlgorithm: algorithm });
    const leaf = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=OCSP Bench',
      csr: Buffer.from(csr.rawData),
    });
    const issuer = (await pki.hierarchy.issuing()).entity.certificateDer;
    const url = `${new URL(platform.certificate.url).origin}/pki/ocsp`;
    const ask = (request: () => Buffer) => async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request' },
        body: request(),
      });
      const body = Buffer.from(await response.arrayBuffer());
      // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED successful(0), responseBytes ... }
      if (!response.ok || body.length < 100)
        throw new Error(`OCSP answered ${response.status} (${body.length} octets)`);
    };
    const settings = {
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
    };
    const fixed = ocspRequest(issuer, leaf.serialNumber);
    const cached = await measureRate(
      ask(() => fixed),
      settings,
    );
    const uncached = await measureRate(
      ask(() => ocspRequest(issuer, leaf.serialNumber, randomBytes(16))),
      settings,
    );
    return [
      {
        benchmark: 'ocsp',
        subject: 'cached',
        baseline: 'signed per request (nonce)',
        settings: { method: 'POST', concurrency: settings.concurrency, seconds: settings.durationSeconds },
        metrics: [
          { name: 'responses/s', subject: cached.perSecond, baseline: uncached.perSecond },
          { name: 'p50 ms', subject: cached.p50Ms, baseline: uncached.p50Ms },
          { name: 'p99 ms', subject: cached.p99Ms, baseline: uncached.p99Ms },
        ],
      },
    ];
  },
};
