/** `4403**********1239`: the first four and last four characters of an ID number (ID-8, RA-14). */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 1)}${'*'.repeat(Math.max(id.length - 2, 0))}${id.slice(-1)}`;
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
