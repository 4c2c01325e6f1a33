import { DataProtector, DomainError, developmentDataProtectionKeys, maskIdNumber } from '@tessera/kit';

/**
 * How the RA seals ID numbers at rest (ID-8, RA-14): the kit's DataProtector under the platform's
 * data keys, set at start (index.ts); the public development keys until then (domain tests).
 */
export const idNumberProtection: { protector: DataProtector } = {
  protector: new DataProtector(developmentDataProtectionKeys()),
};

/** An ID number as the RA keeps it: sealed in full, a keyed hash to find it, and its mask to show. */
export interface KeptIdNumber {
  idNumberSealed: string;
  idNumberIndex: string;
  idNumberMasked: string;
}

/**
 * The ID number of the applicant (a person) or of the unit's officer (RA-10, RA-14), as the entry
 * clerk reads it off the document: upper case, without spaces; resident ID cards, passports and
 * permits all fit 5 to 18 letters and digits. The clerk checks the copy against the form (RA-10).
 */
export function keepIdNumber(raw: string | null | undefined): KeptIdNumber {
  const idNumber = (raw ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (!idNumber) throw new DomainError('ID_NUMBER_REQUIRED');
  if (!/^[0-9A-Z]{5,18}$/.test(idNumber)) throw new DomainError('ID_NUMBER_INVALID');
  const { protector } = idNumberProtection;
  return {
    idNumberSealed: protector.seal('idNumber', idNumber),
    idNumberIndex: idNumberIndex(idNumber),
    idNumberMasked: maskIdNumber(idNumber),
  };
}

/** The keyed hash an ID number is found by (never the number itself). */
export function idNumberIndex(idNumber: string): string {
  return idNumberProtection.protector.index('idNumber', idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
}
