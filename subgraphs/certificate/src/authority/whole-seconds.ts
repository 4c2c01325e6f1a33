/** X.509 times have whole seconds; rows keep exactly what the certificate says. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
