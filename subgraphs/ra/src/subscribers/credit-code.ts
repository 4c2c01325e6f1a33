/** GB 32100-2015 characters of a unified social credit code (no I, O, S, V, Z). */
const creditCodeChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714-1997 value of an organization-code character: digits as such, letters A=10 … Z=35. */
function organizationValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return Number.NaN;
}

/** A GB 11714-1997 organization code (`MA5F0K3R4`, 8 characters and a check digit; the hyphen is optional). */
export function isOrganizationCode(input: string): boolean {
  const code = input.trim().toUpperCase().replace('-', '');
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  const sum = organizationCodeWeights.reduce((acc, w, i) => acc + w * organizationValue(code[i] as string), 0);
  const check = 11 - (sum % 11);
  const expected = check === 10 ? 'X' : check === 11 ? '0' : String(check);
  return code[8] === expected;
}

/**
 * A GB 32100-2015 unified social credit code: 18 characters from its alphabet, a correct check
 * character, and a correct embedded organization code (characters 9 to 17).
 */
export function isUnifiedSocialCreditCode(input: string): boolean {
  const code = input.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !creditCodeChars.includes(c))) return false;
  const sum = creditCodeWeights.reduce((acc, w, i) => acc + w * creditCodeChars.indexOf(code[i] as string), 0);
  const check = (31 - (sum % 31)) % 31;
  return code[17] === creditCodeChars[check] && isOrganizationCode(code.slice(8, 17));
}
