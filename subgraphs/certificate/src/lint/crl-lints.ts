import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate as AsnCertificate,
  AuthorityKeyIdentifier,
  type CertificateList,
  CRLNumber,
  CRLReasons,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  Version,
} from '@peculiar/asn1-x509';
import { SubjectKeyIdentifierExtension, type X509Certificate } from '@peculiar/x509';
import type { CrlEntryView } from './crl-entries';

export interface CrlLintContext {
  /** The CRL without its revokedCertificates, which are in `entries`. */
  crl: CertificateList;
  entries: CrlEntryView[];
  issuer: X509Certificate;
  /** The cRLNumber this CRL must carry (one more than the last published). */
  number: number;
}

export interface CrlLint {
  id: string;
  check(context: CrlLintContext): string | undefined;
}

function der(value: unknown): Buffer {
  return Buffer.from(AsnConvert.serialize(value));
}

/** Profile checks of RFC 5280 §5 for a full (not delta) CRL. */
export const crlLints: CrlLint[] = [
  {
    id: 'e_crl_version_2',
    check: ({ crl }) => (crl.tbsCertList.version === Version.v2 ? undefined : 'not a v2 CRL'),
  },
  {
    id: 'e_crl_signature_algorithm_match',
    check: ({ crl }) =>
      der(crl.tbsCertList.signature).equals(der(crl.signatureAlgorithm))
        ? undefined
        : 'inner and outer algorithms differ',
  },
  {
    id: 'e_crl_issuer_name',
    check: ({ crl, issuer }) =>
      der(crl.tbsCertList.issuer).equals(der(AsnConvert.parse(issuer.rawData, AsnCertificate).tbsCertificate.subject))
        ? undefined
        : "issuer differs from the CA's subject",
  },
  {
    id: 'e_crl_update_times',
    check: ({ crl }) => {
      const nextUpdate = crl.tbsCertList.nextUpdate?.getTime();
      return nextUpdate && crl.tbsCertList.thisUpdate.getTime() < nextUpdate
        ? undefined
        : 'nextUpdate missing or not after thisUpdate';
    },
  },
  {
    id: 'e_crl_number',
    check: ({ crl, number }) => {
      const extension = crl.tbsCertList.crlExtensions?.find((e) => e.extnID === id_ce_cRLNumber);
      if (!extension || extension.critical) return 'cRLNumber missing or critical';
      const value = AsnConvert.parse(extension.extnValue, CRLNumber).value;
      return value === number ? undefined : `cRLNumber ${value} instead of ${number}`;
    },
  },
  {
    id: 'e_crl_authority_key_identifier',
    check: ({ crl, issuer }) => {
      const extension = crl.tbsCertList.crlExtensions?.find((e) => e.extnID === id_ce_authorityKeyIdentifier);
      const keyId =
        extension &&
        Buffer.from(
          AsnConvert.parse(extension.extnValue, AuthorityKeyIdentifier).keyIdentifier?.buffer ?? new ArrayBuffer(0),
        ).toString('hex');
      return keyId && keyId === issuer.getExtension(SubjectKeyIdentifierExtension)?.keyId
        ? undefined
        : "authorityKeyIdentifier is not the CA's key identifier";
    },
  },
  {
    id: 'e_crl_entries',
    check: ({ entries }) => {
      const serials = new Set<string>();
      for (const { serial, reasonCode: code } of entries) {
        if (serials.has(serial)) return `serial ${serial} listed twice`;
        serials.add(serial);
        if (code === undefined) continue;
        if (code === CRLReasons.unspecified || code === CRLReasons.removeFromCRL || !(code in CRLReasons)) {
          return `entry ${serial} has reason code ${code}, not allowed in a full CRL`;
        }
      }
      return undefined;
    },
  },
];
