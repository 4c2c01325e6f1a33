import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Attribute, IssuerAndSerialNumber, id_signedData } from '@peculiar/asn1-cms';
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
} from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Certificate as AsnCertificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';
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
import { derElement } from '../authority/der-writer';
import { randomSerialNumber } from '../authority/serial-number';
import { backendSigner, type Signer, signatureAlgorithmDer } from '../authority/signer';
import { algorithmTraits } from '../keys/key-algorithm';
import type { KeyBackend } from '../keys/key-backend';
import { timeStampingProfile } from '../profiles/certificate-profile';
import { TsaCertificate } from './tsa-certificate.entity';

export interface TimeStampAuthorityOptions {
  em: EntityManager;
  backend: KeyBackend;
  hierarchy: CaHierarchy;
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
  /** Told when a token could not be made (the key backend or the database failed). */
  onError?: (error: unknown) => void;
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

/** The TSA's current certificate and key, ready to sign, with the DER every token repeats encoded once. */
interface LoadedTsa {
  entity: TsaCertificate;
  signer: Signer;
  hash: 'sha256' | 'sha384';
  /** SignerIdentifier (issuerAndSerialNumber), digest and signature AlgorithmIdentifiers. */
  sidDer: Buffer;
  digestAlgorithmDer: Buffer;
  signatureAlgorithmDer: Buffer;
  /** The signed attribute binding tokens to this certificate (ESSCertIDv2, RFC 5816). */
  signingCertificateDer: Buffer;
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
  private readonly policyDer: Buffer;
  private readonly accuracyDer: Buffer;

  constructor(private readonly options: TimeStampAuthorityOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.policyDer = oidDer(options.policy);
    this.accuracyDer = Buffer.from(AsnConvert.serialize(accuracyOf(options.accuracyMs)));
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
    try {
      return { der: await this.stamp(query), httpStatus: 200, status: 'granted' };
    } catch (error) {
      // The key backend or the database failed: a reply saying so (RFC 3161 systemFailure), never a bare 500.
      this.options.onError?.(error);
      return rejection('systemFailure', 'the time-stamping authority cannot sign now', 503);
    }
  }

  /**
   * The TimeStampResp of a granted request, DER assembled from parts encoded once (the certificate, the signer's
   * identifier and algorithms, the ESSCertIDv2 attribute, the policy): the asn1-schema encoder spent most of a
   * token's time re-encoding the certificate and the policy's UUID arc. Tests parse every part back with
   * @peculiar/asn1-tsp and asn1-cms and compare the bytes.
   */
  private async stamp(query: TimeStampReq): Promise<Buffer> {
    const tsa = await this.loaded();
    const info = derElement(
      0x30,
      derInteger1,
      this.policyDer,
      Buffer.from(AsnConvert.serialize(query.messageImprint)),
      derElement(0x02, randomSerialNumber().der),
      derElement(0x18, Buffer.from(generalizedTime(this.clock()), 'latin1')),
      this.accuracyDer,
      ...(query.nonce ? [derElement(0x02, Buffer.from(query.nonce))] : []),
    );
    // DER: a SET OF in the order of its elements' encodings (X.690 §11.6).
    const attributes = [
      contentTypeAttributeDer(),
      derElement(
        0x30,
        messageDigestOidDer,
        derElement(0x31, derElement(0x04, createHash(tsa.hash).update(info).digest())),
      ),
      tsa.signingCertificateDer,
    ].sort(Buffer.compare);
    // The DER SET OF the signed attributes is what the signature covers (RFC 5652 §5.4).
    const signature = await tsa.signer.sign(derElement(0x31, ...attributes));
    const signerInfo = derElement(
      0x30,
      derInteger1,
      tsa.sidDer,
      tsa.digestAlgorithmDer,
      derElement(0xa0, ...attributes),
      tsa.signatureAlgorithmDer,
      derElement(0x04, signature),
    );
    const signedData = derElement(
      0x30,
      derInteger3,
      derElement(0x31, tsa.digestAlgorithmDer),
      derElement(0x30, tstInfoOidDer, derElement(0xa0, derElement(0x04, info))),
      ...(query.certReq ? [derElement(0xa0, tsa.entity.certificateDer)] : []),
      derElement(0x31, signerInfo),
    );
    const token = derElement(0x30, signedDataOidDer, derElement(0xa0, signedData));
    return derElement(0x30, grantedStatusDer, token);
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
    const delegated = await this.options.hierarchy.certifyDelegatedKey(issuing, {
      purpose: 'tsa',
      profile: timeStampingProfile,
      subject: this.options.subject,
      validityDays: this.options.validityDays,
    });
    em.create(TsaCertificate, { authorityId: issuing.entity.id, ...delegated });
    await em.flush();
  }

  private renewsAt(entity: TsaCertificate): number {
    return entity.notAfter.getTime() - this.options.validityDays * day * renewal;
  }
}

function load(entity: TsaCertificate, backend: KeyBackend): LoadedTsa {
  const certificate = AsnConvert.parse(entity.certificateDer, AsnCertificate);
  const { issuer, serialNumber } = certificate.tbsCertificate;
  const hash = algorithmTraits[entity.algorithm].hash;
  if (hash !== 'sha256' && hash !== 'sha384') throw new Error(`no time-stamping with ${entity.algorithm} keys`);
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
  const der = (value: unknown) => Buffer.from(AsnConvert.serialize(value));
  return {
    entity,
    signer: backendSigner(backend, { label: entity.keyLabel, algorithm: entity.algorithm }),
    hash,
    sidDer: der(new IssuerAndSerialNumber({ issuer, serialNumber })),
    digestAlgorithmDer: der(new AlgorithmIdentifier({ algorithm: imprintAlgorithmOid(hash) })),
    signatureAlgorithmDer: signatureAlgorithmDer(entity.algorithm),
    signingCertificateDer: der(
      new Attribute({ attrType: id_aa_signingCertificateV2, attrValues: [AsnConvert.serialize(signingCertificate)] }),
    ),
  };
}

const oidDer = (oid: string) => Buffer.from(new ObjectIdentifier({ value: oid }).toBER());
const derInteger1 = Buffer.from([0x02, 0x01, 0x01]);
const derInteger3 = Buffer.from([0x02, 0x01, 0x03]);
/** PKIStatusInfo { status granted }. */
const grantedStatusDer = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]);
const tstInfoOidDer = oidDer(id_ct_tstInfo);
const signedDataOidDer = oidDer(id_signedData);
const messageDigestOidDer = oidDer('1.2.840.113549.1.9.4');
let contentType: Buffer | undefined;
/** The content-type attribute of every token: id-ct-TSTInfo. */
function contentTypeAttributeDer(): Buffer {
  contentType ??= Buffer.from(
    AsnConvert.serialize(
      new Attribute({ attrType: '1.2.840.113549.1.9.3', attrValues: [oidDer(id_ct_tstInfo).buffer.slice(0)] }),
    ),
  );
  return contentType;
}

/** RFC 3161 §2.4.2 genTime: GeneralizedTime in UTC, milliseconds without trailing zeros (none when whole). */
export function generalizedTime(date: Date): string {
  const iso = date.toISOString(); // 2026-12-05T09:00:43.390Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${digits}${fraction ? `.${fraction}` : ''}Z`;
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
