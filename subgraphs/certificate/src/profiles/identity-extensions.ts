import { derElement } from '../authority/der-writer';

/**
 * GM/T 0015 identity extensions: the subscriber's numbers that business systems read from a
 * certificate. Sources followed, since the standard itself is not published freely:
 *
 * - GM/T 0015-2012 §5.2.4 (个人身份标识码 IdentityCode, 个人社会保险号 InsuranceNumber,
 *   企业工商注册号 ICRegistrationNumber, 企业组织机构代码 OrganizationCode, 企业税号 TaxationNumber),
 *   OIDs under 1.2.156.10260.4.1, as XiPKI implements and checks them (`Extn.id_GMT_0015_*`,
 *   `ExtensionsChecker.checkExtnGmt0015`: the four numbers are a `PrintableString`; IdentityCode is
 *   `CHOICE { residenterCardNumber [0] PrintableString, militaryOfficerCardNumber [1] UTF8String,
 *   passportNumber [2] PrintableString }`). The standard does not say IMPLICIT or EXPLICIT; XiPKI
 *   issues EXPLICIT, and so do the other issuers found, so we do too.
 * - GM/T 0015-2023 (数字证书格式, replacing the 2012 text): only its foreword could be found. It
 *   says the definition of 个人身份标识码 changed and 统一社会信用代码 was added; XiPKI's feature
 *   list names 1.2.156.10260.4.1.1.1 (resident ID card), .1.1.2 (passport) and 1.2.156.10260.4.4
 *   (credit code), but no second source confirms those arcs and their encoding. Business systems
 *   of the bureau read the 2012 OIDs, so the unified social credit code is carried there, as the
 *   three-in-one registration (GB 32100-2015) made it: the credit code replaced the business
 *   registration number and the taxpayer number (ICRegistrationNumber and TaxationNumber carry
 *   it), and its characters 9 to 17 are the organization code (OrganizationCode carries them).
 *
 * Every one of them is non-critical (GM/T 0015-2012 table A.3).
 */
export const identityExtensionOids = {
  identityCode: '1.2.156.10260.4.1.1',
  insuranceNumber: '1.2.156.10260.4.1.2',
  icRegistrationNumber: '1.2.156.10260.4.1.3',
  organizationCode: '1.2.156.10260.4.1.4',
  taxationNumber: '1.2.156.10260.4.1.5',
} as const;

export type IdentityExtensionName = keyof typeof identityExtensionOids;

/** The subscriber's numbers, as the RA's data gives them. */
export interface SubscriberIdentity {
  /** A person's ID document number (the RA seals it): a resident ID card, else a passport. */
  idNumber?: string;
  /** 社保编号 of the person or the unit. */
  insuranceNumber?: string;
  /** A unit's unified social credit code (统一社会信用代码, GB 32100), 18 characters. */
  creditCode?: string;
  /** A unit's organization code (GB 11714), when it has no credit code. */
  organizationCode?: string;
}

/** The IdentityCode CHOICE alternatives (context tags). */
export const identityCodeTags = { residenterCardNumber: 0, militaryOfficerCardNumber: 1, passportNumber: 2 } as const;

/** What each extension says, as text, with the IdentityCode alternative. */
export interface IdentityExtensionValues {
  identityCode?: { tag: number; value: string };
  insuranceNumber?: string;
  icRegistrationNumber?: string;
  organizationCode?: string;
  taxationNumber?: string;
}

/** A resident ID card number (GB 11643): 18 characters with its check character, or the old 15 digits. */
export const residentIdCard = /^(\d{17}[\dX]|\d{15})$/;
/** GB 32100: registration department, category, 6-digit region, 9-character organization code, check. */
const creditCodePattern = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** GB 11714: 8 characters and a check character. */
const organizationCodePattern = /^[0-9A-Z]{8}[0-9X]$/;
/** X.680 PrintableString. */
const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * Sizes we hold each value to. The 2012 text gives none for the four numbers; these are the
 * lengths of the numbers themselves (a social-insurance number is at most 32 here, a registration
 * number the old 15 digits or a credit code, a taxpayer number 15 to 20).
 */
export const identityValueRules: Record<IdentityExtensionName, { min: number; max: number }> = {
  identityCode: { min: 1, max: 20 },
  insuranceNumber: { min: 1, max: 32 },
  icRegistrationNumber: { min: 15, max: 18 },
  organizationCode: { min: 9, max: 9 },
  taxationNumber: { min: 15, max: 20 },
};

/** Trims, drops spaces and upper-cases a number as typed; undefined when empty. */
export function normaliseNumber(value: string | null | undefined): string | undefined {
  const normalised = (value ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return normalised || undefined;
}

export type IdentityProblem = 'idNumber' | 'insuranceNumber' | 'creditCode' | 'organizationCode';

/** The first of the subscriber's numbers that cannot be carried, or undefined. */
export function identityProblem(identity: SubscriberIdentity): IdentityProblem | undefined {
  const { idNumber, insuranceNumber, creditCode, organizationCode } = identity;
  if (idNumber !== undefined && !/^[0-9A-Z]{1,20}$/.test(idNumber)) return 'idNumber';
  if (
    insuranceNumber !== undefined &&
    (!printable.test(insuranceNumber) || insuranceNumber.length > identityValueRules.insuranceNumber.max)
  ) {
    return 'insuranceNumber';
  }
  if (creditCode !== undefined && !creditCodePattern.test(creditCode)) return 'creditCode';
  if (organizationCode !== undefined && !organizationCodePattern.test(organizationCode)) return 'organizationCode';
  return undefined;
}

/** What the GM/T 0015 extensions of a subscriber's certificate say (see the sources above). */
export function identityExtensionValues(identity: SubscriberIdentity): IdentityExtensionValues {
  const values: IdentityExtensionValues = {};
  if (identity.idNumber) {
    values.identityCode = {
      tag: residentIdCard.test(identity.idNumber)
        ? identityCodeTags.residenterCardNumber
        : identityCodeTags.passportNumber,
      value: identity.idNumber,
    };
  }
  if (identity.insuranceNumber) values.insuranceNumber = identity.insuranceNumber;
  if (identity.creditCode) {
    values.icRegistrationNumber = identity.creditCode;
    values.organizationCode = identity.creditCode.slice(8, 17);
    values.taxationNumber = identity.creditCode;
  } else if (identity.organizationCode) {
    values.organizationCode = identity.organizationCode;
  }
  return values;
}

const printableStringTag = 0x13;
const utf8StringTag = 0x0c;

/** The extnValue contents (the DER inside the OCTET STRING) of each extension, in OID order. */
export function identityExtensionValueDer(values: IdentityExtensionValues): { oid: string; der: Buffer }[] {
  const out: { oid: string; der: Buffer }[] = [];
  const text = (value: string, tag = printableStringTag) => derElement(tag, Buffer.from(value, 'utf8'));
  if (values.identityCode) {
    const { tag, value } = values.identityCode;
    const inner = text(value, tag === identityCodeTags.militaryOfficerCardNumber ? utf8StringTag : printableStringTag);
    out.push({ oid: identityExtensionOids.identityCode, der: derElement(0xa0 | tag, inner) });
  }
  const plain: Exclude<IdentityExtensionName, 'identityCode'>[] = [
    'insuranceNumber',
    'icRegistrationNumber',
    'organizationCode',
    'taxationNumber',
  ];
  for (const name of plain) {
    const value = values[name];
    if (value) out.push({ oid: identityExtensionOids[name], der: text(value) });
  }
  return out;
}

/** Whether a value fits the PrintableString alphabet. */
export function isPrintable(value: string): boolean {
  return printable.test(value);
}
