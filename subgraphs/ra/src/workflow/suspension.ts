/** RA-5: a suspension lasts at most six months; then the certificate is released automatically. */
export const maximumSuspensionMonths = 6;

/** The day a suspension that took effect at `suspendedAt` is released automatically. */
export function automaticReleaseDate(suspendedAt: Date): Date {
  const release = new Date(suspendedAt);
  const day = release.getUTCDate();
  release.setUTCMonth(release.getUTCMonth() + maximumSuspensionMonths, 1);
  const lastDay = new Date(Date.UTC(release.getUTCFullYear(), release.getUTCMonth() + 1, 0)).getUTCDate();
  release.setUTCDate(Math.min(day, lastDay));
  return release;
}

/** RA-5: a suspension that would outlive the certificate goes to review for revocation instead. */
export function outlivesCertificate(suspendedAt: Date, certificateNotAfter: Date): boolean {
  return automaticReleaseDate(suspendedAt).getTime() > certificateNotAfter.getTime();
}
