import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_signedData,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  Accuracy,
  id_ct_tstInfo,
  PKIFailureInfo,
  PKIFreeText,
  PKIStatus,
  PKIStatusInfo,
  TimeStampReq,
  TimeStampResp,
  TimeStampToken,
  TSTInfo,
} from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Certificate as AsnCertificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import {
  EssCertIdsV2,
  EssCertIdV2,
  IssuerSerial,
  id_aa_signingCertificateV2,
  imprintAlgorithmOid,
  imprintAlgorithms,
  objectIdentifierAt,
  SigningCertificateV2,
} from '@tessera/kit';
import { fromBER, ObjectIdentifier } from 'asn1js';
import type { CaHierarchy, LoadedAuthority } from '../authority/ca-hierarchy';
import type { CertificateFactory } from '../authority/certificate-factory';
import { derElement } from '../authority/der-writer';
import { randomSerialNumber } from '../authority/serial-number';
import { backendSigner, type Signer, signatureAlgorithmOf } from '../authority/signer';
import { wholeSeconds } from '../authority/whole-seconds';
import { algorithmTraits } from '../keys/key-algorithm';
import type { KeyBackend } from '../keys/key-backend';
import { timeStampingProfile } from '../profiles/certificate-profile';
import { TsaCertificate } from './tsa-certificate.entity';

export interface TimeStampAuthorityOptions {
  em: EntityManager;
  backend: KeyBackend;
  hierarchy: CaHierarchy;
  factory: CertificateFactory;
  /** The hierarchy whose issuing CA certifies the TSA: `international` (SM2 time-stamping is not offered yet). */
  hierarchyName: string | undefined;
  /** The TSA policy (TSTInfo.policy) of every token. */
  policy: string;
  subject: string;
  validityDays: number;
  /** genTime's accuracy, in milliseconds (TSTInfo.accuracy). */
  accuracyMs: number;
  /** The advisory lock the CA hierarchy is created and rolled over under (the same for the TSA certificate). */
  lock: <T>(work: () => Promise<T>) => Promise<T>;
  clock?: () => Date;
}

/** The reply to one request: the DER TimeStampResp, the HTTP status to send it with, and what it says. */
export interface TimeStampAnswer {
  der: Buffer;
  httpStatus: number;
  status: 'granted' | 'rejection';
  /** The failure named in a rejection. */
  failInfo?: TimeStampFailure;
}

/** The PKIFailureInfo bits (RFC 3161 §2.4.2) this TSA answers with. */
export const timeStampFailures = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;
export type TimeStampFailure = keyof typeof timeStampFailures;

/** The media types of RFC 3161 §3.4. */
export const timeStampQueryType = 'application/timestamp-query';
export const timeStampReplyType = 'application/timestamp-reply';

/** The TSA's current certificate and key, ready to sign. */
interface LoadedTsa {
  entity: TsaCertificate;
  certificate: AsnCertificate;
  signer: Signer;
  /** The signed attribute binding tokens to this certificate (ESSCertIDv2), encoded once. */
  signingCertificate: Attribute;
  sid: SignerIdentifier;
}

const day = 24 * 60 * 60 * 1000;
/** A TSA certificate is replaced when less than this part of its validity is left. */
const renewal = 1 / 3;

/**
 * The RFC 3161 time-stamping authority (issue 15 item 4): its own certificate per issuing CA of its hierarchy
 * (critical EKU id-kp-timeStamping alone, linted before the CA signs it, key in the key backend, made on first
 * start and with every rollover, renewed when a third of its validity is left), and tokens as CMS SignedData over
 * a TSTInfo with the ESS signing-certificate-v2 attribute, signed through the key backend. Bad requests are
 * answered with a rejection and their failInfo, never an exception.
 */
export class TimeStampAuthority {
  private readonly clock: () => Date;
  private current?: LoadedTsa;

  constructor(private readonly options: TimeStampAuthorityOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Whether this CA runs a TSA (a hierarchy it may use is configured). */
  get offered(): boolean {
    return this.options.hierarchyName !== undefined;
  }

  /** Makes the certificate of the active issuing CA when it has none or its one is due; run under the hierarchy's lock. */
  async ensure(): Promise<void> {
    if (!this.offered) return;
    const issuing = await this.options.hierarchy.issuing(this.options.hierarchyName);
    const em = this.options.em.fork();
    const latest = await em.findOne(
      TsaCertificate,
      { authorityId: issuing.entity.id },
      { orderBy: { createdAt: 'desc' } },
    );
    if (latest && this.clock().getTime() < this.renewsAt(latest)) return;
    await this.certify(issuing, em);
    this.current = undefined;
  }

  /** Forgets the loaded certificate (a rollover here or on another replica). */
  reload(): void {
    this.current = undefined;
  }

  /** The current TSA certificate (DER), made first when missing or due. */
  async certificate(): Promise<Buffer> {
    return (await this.loaded()).entity.certificateDer;
  }

  /** The issuing CA certificates (DER) of the TSA's hierarchy, every generation: what verifiers trust TSA certificates by. */
  async issuers(): Promise<Buffer[]> {
    if (!this.offered) return [];
    const name = this.options.hierarchy.definition(this.options.hierarchyName).name;
    return (await this.options.hierarchy.authorities())
      .filter((authority) => authority.entity.hierarchy === name && authority.entity.role === 'issuing')
      .map((authority) => authority.entity.certificateDer);
  }

  /** Signs raw data with the TSA key: the baseline the timestamp benchmark compares tokens with. */
  async sign(data: Buffer): Promise<Buffer> {
    return (await this.loaded()).signer.sign(data);
  }

  /**
   * Answers one HTTP request (RFC 3161 §3.4): a DER TimeStampReq of `contentType` application/timestamp-query. A
   * wrong content type is badRequest, unreadable DER or an imprint of the wrong length badDataFormat, an imprint
   * hash other than SHA-256/384/512 or SM3 badAlg, another policy unacceptedPolicy, any extension
   * unacceptedExtension.
   */
  async respond(request: Buffer, contentType: string | undefined): Promise<TimeStampAnswer> {
    if (!contentType || contentType.split(';')[0]?.trim().toLowerCase() !== timeStampQueryType) {
      return rejection('badRequest', `the content type must be ${timeStampQueryType}`, 415);
    }
    if (!this.offered) return rejection('systemFailure', 'time-stamping is not offered by this CA');
    let query: TimeStampReq;
    try {
      // One element and nothing after it.
      if (fromBER(new Uint8Array(request)).offset !== request.length) throw new Error('not one DER element');
      query = AsnConvert.parse(request, TimeStampReq);
    } catch {
      return rejection('badDataFormat', 'the request is not a DER TimeStampReq');
    }
    if (query.version !== 1) return rejection('badDataFormat', 'unsupported request version');
    const { hashAlgorithm, hashedMessage } = query.messageImprint;
    const algorithm = imprintAlgorithms[hashAlgorithm.algorithm];
    if (!algorithm) return rejection('badAlg', `the hash ${hashAlgorithm.algorithm} is not accepted`);
    if (hashedMessage.byteLength !== algorithm.length) {
      return rejection('badDataFormat', `a ${algorithm.name} imprint has ${algorithm.length} bytes`);
    }
    // TimeStampReq ::= SEQUENCE { version, messageImprint, reqPolicy OPTIONAL, ... }, the OID read from the bytes.
    const policy = query.reqPolicy ? objectIdentifierAt(request, 2) : undefined;
    if (policy && policy !== this.options.policy) {
      return rejection('unacceptedPolicy', `the policy ${policy} is not offered`);
    }
    if (query.extensions?.length) return rejection('unacceptedExtension', 'no request extension is supported');
    const token = await this.stamp(query);
    const der = Buffer.from(
      AsnConvert.serialize(
        new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.granted }), timeStampToken: token }),
      ),
    );
    return { der, httpStatus: 200, status: 'granted' };
  }

  private async stamp(query: TimeStampReq): Promise<TimeStampToken> {
    const tsa = await this.loaded();
    const info = new TSTInfo({
      version: 1,
      policy: this.options.policy,
      messageImprint: query.messageImprint,
      serialNumber: bufferOf(randomSerialNumber().der),
      genTime: this.clock(),
      accuracy: accuracyOf(this.options.accuracyMs),
      nonce: query.nonce,
    });
    const content = Buffer.from(AsnConvert.serialize(info));
    const hash = algorithmTraits[tsa.signer.algorithm].hash;
    const digestAlgorithm = new AlgorithmIdentifier({ algorithm: imprintAlgorithmOid(hash as 'sha256' | 'sha384') });
    const attributes = sortedDer([
      attribute('1.2.840.113549.1.9.3', new ObjectIdentifier({ value: id_ct_tstInfo }).toBER()),
      attribute(
        '1.2.840.113549.1.9.4',
        AsnConvert.serialize(new OctetString(createHash(hash).update(content).digest())),
      ),
      tsa.signingCertificate,
    ]);
    // The DER SET OF the signed attributes is what the signature covers (RFC 5652 §5.4).
    const signedAttributes = derElement(0x31, ...attributes.map((entry) => entry.der));
    const signature = await tsa.signer.sign(signedAttributes);
    const signerInfo = new SignerInfo({
      version: 1,
      sid: tsa.sid,
      digestAlgorithm,
      signedAttrs: attributes.map((entry) => entry.attribute),
      signatureAlgorithm: signatureAlgorithmOf(tsa.signer.algorithm),
      signature: new OctetString(signature),
    });
    const signedData = new SignedData({
      version: 3,
      digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
      encapContentInfo: new EncapsulatedContentInfo({
        eContentType: id_ct_tstInfo,
        eContent: new EncapsulatedContent({ single: new OctetString(content) }),
      }),
      certificates: query.certReq
        ? new CertificateSet([new CertificateChoices({ certificate: tsa.certificate })])
        : undefined,
      signerInfos: new SignerInfos([signerInfo]),
    });
    return new TimeStampToken({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  }

  private async loaded(): Promise<LoadedTsa> {
    const current = this.current;
    if (current && this.clock().getTime() < this.renewsAt(current.entity)) return current;
    if (!this.offered) throw new Error('time-stamping is not offered by this CA');
    const issuing = await this.options.hierarchy.issuing(this.options.hierarchyName);
    const find = () =>
      this.options.em
        .fork()
        .findOne(TsaCertificate, { authorityId: issuing.entity.id }, { orderBy: { createdAt: 'desc' } });
    let entity = await find();
    if (!entity || this.clock().getTime() >= this.renewsAt(entity)) {
      await this.options.lock(() => this.ensure());
      entity = await find();
    }
    if (!entity) throw new Error('the TSA certificate is not set up');
    this.current = load(entity, this.options.backend);
    return this.current;
  }

  private async certify(issuing: LoadedAuthority, em: EntityManager): Promise<void> {
    const { backend, hierarchy, factory } = this.options;
    const now = wholeSeconds(this.clock());
    const key = { label: `tessera-tsa-${randomUUID()}`, algorithm: issuing.entity.algorithm };
    await backend.generateKey(key);
    const made = await factory.make(
      {
        profile: timeStampingProfile,
        subject: this.options.subject,
        publicKey: await backend.publicKey(key),
        notBefore: now,
        notAfter: new Date(
          Math.min(now.getTime() + this.options.validityDays * day, issuing.entity.notAfter.getTime()),
        ),
      },
      hierarchy.issuingAuthority(issuing, false),
    );
    em.create(TsaCertificate, {
      authorityId: issuing.entity.id,
      keyLabel: key.label,
      algorithm: key.algorithm,
      certificateDer: made.der,
      notAfter: new X509Certificate(made.der).notAfter,
    });
    await em.flush();
  }

  private renewsAt(entity: TsaCertificate): number {
    return entity.notAfter.getTime() - this.options.validityDays * day * renewal;
  }
}

function load(entity: TsaCertificate, backend: KeyBackend): LoadedTsa {
  const certificate = AsnConvert.parse(entity.certificateDer, AsnCertificate);
  const { issuer, serialNumber } = certificate.tbsCertificate;
  const signingCertificate = new SigningCertificateV2({
    certs: new EssCertIdsV2([
      new EssCertIdV2({
        certHash: new OctetString(createHash('sha256').update(entity.certificateDer).digest()),
        issuerSerial: new IssuerSerial({
          issuer: new GeneralNames([new GeneralName({ directoryName: issuer })]),
          serialNumber,
        }),
      }),
    ]),
  });
  return {
    entity,
    certificate,
    signer: backendSigner(backend, { label: entity.keyLabel, algorithm: entity.algorithm }),
    signingCertificate: new Attribute({
      attrType: id_aa_signingCertificateV2,
      attrValues: [AsnConvert.serialize(signingCertificate)],
    }),
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer, serialNumber }) }),
  };
}

/** A rejection (RFC 3161 §2.4.2) naming its failure, as a reply. */
export function rejection(failure: TimeStampFailure, reason: string, httpStatus = 200): TimeStampAnswer {
  const bit = timeStampFailures[failure];
  const bytes = Buffer.alloc((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  // DER: a named bit list drops its trailing zero bits (X.690 §11.2.2).
  const unusedBits = 7 - (bit & 7);
  const der = Buffer.from(
    AsnConvert.serialize(
      new TimeStampResp({
        status: new PKIStatusInfo({
          status: PKIStatus.rejection,
          statusString: new PKIFreeText([reason]),
          failInfo: new PKIFailureInfo(bytes, unusedBits),
        }),
      }),
    ),
  );
  return { der, httpStatus, status: 'rejection', failInfo: failure };
}

function accuracyOf(ms: number): Accuracy {
  const seconds = Math.floor(ms / 1000);
  const millis = Math.round(ms % 1000);
  return new Accuracy({ ...(seconds ? { seconds } : {}), ...(millis ? { millis } : {}) });
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

/** Signed attributes in DER order (X.690 §11.6: a SET OF sorted by encoding), each with its encoding. */
function sortedDer(attributes: Attribute[]): { attribute: Attribute; der: Buffer }[] {
  return attributes
    .map((entry) => ({ attribute: entry, der: Buffer.from(AsnConvert.serialize(entry)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
}

function bufferOf(bytes: Buffer): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}
