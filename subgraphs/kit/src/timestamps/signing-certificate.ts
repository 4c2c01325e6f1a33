import {
  AsnArray,
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralNames } from '@peculiar/asn1-x509';

/** id-aa-signingCertificateV2 (RFC 5035 §3): binds a CMS signature to its signer's certificate by hash. */
export const id_aa_signingCertificateV2 = '1.2.840.113549.1.9.16.2.47';
/** id-aa-signingCertificate (RFC 2634 §5.4), ESSCertID with SHA-1: read, never written. */
export const id_aa_signingCertificate = '1.2.840.113549.1.9.16.2.12';
/** The hash ESSCertIDv2 uses when it names none (RFC 5035: the DEFAULT is id-sha256). */
export const id_sha256 = '2.16.840.1.101.3.4.2.1';

/** IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber } */
export class IssuerSerial {
  @AsnProp({ type: GeneralNames })
  issuer = new GeneralNames();

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  serialNumber = new ArrayBuffer(0);

  constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}

/**
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
 *   certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
 */
export class EssCertIdV2 {
  @AsnProp({ type: AlgorithmIdentifier, optional: true })
  hashAlgorithm?: AlgorithmIdentifier;

  @AsnProp({ type: OctetString })
  certHash = new OctetString();

  @AsnProp({ type: IssuerSerial, optional: true })
  issuerSerial?: IssuerSerial;

  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: EssCertIdV2 })
export class EssCertIdsV2 extends AsnArray<EssCertIdV2> {}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF PolicyInformation OPTIONAL } */
export class SigningCertificateV2 {
  @AsnProp({ type: EssCertIdsV2 })
  certs = new EssCertIdsV2();

  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  policies?: ArrayBuffer;

  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}

/** ESSCertID ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial IssuerSerial OPTIONAL } */
export class EssCertId {
  @AsnProp({ type: OctetString })
  certHash = new OctetString();

  @AsnProp({ type: IssuerSerial, optional: true })
  issuerSerial?: IssuerSerial;
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: EssCertId })
export class EssCertIds extends AsnArray<EssCertId> {}

/** SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies ... OPTIONAL } */
export class SigningCertificate {
  @AsnProp({ type: EssCertIds })
  certs = new EssCertIds();

  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  policies?: ArrayBuffer;
}
