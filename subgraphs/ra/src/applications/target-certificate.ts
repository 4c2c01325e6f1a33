import { DomainError } from '@tessera/kit';
import { askCertificateAuthority } from '../certificate-authority/ask';
import type { CertificateAuthority, CertificateStatus } from '../certificate-authority/certificate-authority-client';
import type { BusinessType } from './business-type';

/** RA-2: how many days before its expiry a certificate may be renewed; set from the configuration at start. */
export const renewalPolicy = { windowDays: 90 };

const day = 24 * 60 * 60 * 1000;

/** The first moment a certificate ending at `notAfter` may be renewed (RA-2). */
export function renewableFrom(notAfter: Date, windowDays = renewalPolicy.windowDays): Date {
  return new Date(notAfter.getTime() - windowDays * day);
}

/**
 * What each business type needs of the certificate it names, by its state at the CA. Checked at
 * submission (RA item 16), so that a suspension of a revoked certificate, say, is refused to the
 * clerk at the counter rather than failing in the outbox after approval.
 */
const refusals: Partial<Record<BusinessType, (status: CertificateStatus, now: Date) => DomainError | null>> = {
  revocation: ({ state }) => common(state),
  suspension: ({ state }) =>
    common(state) ?? (state === 'SUSPENDED' ? new DomainError('CERTIFICATE_ALREADY_SUSPENDED') : null),
  release: ({ state }) =>
    state === 'REVOKED'
      ? new DomainError('CERTIFICATE_ALREADY_REVOKED')
      : state === 'SUSPENDED'
        ? null
        : new DomainError('CERTIFICATE_NOT_SUSPENDED'),
  renewal: ({ state, notAfter }, now) => {
    const refused = common(state);
    if (refused) return refused;
    const from = renewableFrom(notAfter);
    return now < from
      ? new DomainError('RENEWAL_NOT_DUE', {
          windowDays: renewalPolicy.windowDays,
          renewableFrom: from.toISOString().slice(0, 10),
        })
      : null;
  },
};

function common(state: CertificateStatus['state']): DomainError | null {
  if (state === 'REVOKED') return new DomainError('CERTIFICATE_ALREADY_REVOKED');
  if (state === 'NEW_APPLICATION') return new DomainError('CERTIFICATE_NOT_ISSUED');
  return null;
}

/**
 * Refuses a submission whose named certificate cannot take what the business type asks; answers the
 * certificate's status when it was asked of the CA (always with `needed`, e.g. for the hierarchy a
 * renewal keeps), else null.
 */
export async function checkTargetCertificate(
  authority: CertificateAuthority | undefined,
  businessType: BusinessType,
  certificateId: string,
  now: Date,
  needed = false,
): Promise<CertificateStatus | null> {
  const refusal = refusals[businessType];
  if (!refusal && !needed) return null;
  if (!authority) throw new DomainError('SERVICE_UNAVAILABLE');
  const status = await askCertificateAuthority(() => authority.status(certificateId));
  if (!status) throw new DomainError('CERTIFICATE_NOT_FOUND');
  const refused = refusal?.(status, now);
  if (refused) throw refused;
  return status;
}
