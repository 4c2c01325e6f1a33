import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition } from '@tessera/kit';
import type { CaptchaService } from '../captcha/captcha-service';
import type { CertificateChallenges } from '../certificate-sign-in/certificate-challenges';
import { purgeExpiredOidcRecords } from '../single-sign-on/oidc-adapter';
import type { SmsOutbox } from '../sms/sms-outbox';

const tenMinutes = 10 * 60 * 1000;

export interface IdentityJobServices {
  em: EntityManager;
  captcha: CaptchaService;
  outbox: SmsOutbox;
  certificateChallenges: CertificateChallenges;
}

/**
 * Everything the identity subgraph does on a schedule, once per period across its replicas (the
 * kit's `JobScheduler`). Not here, because every replica must run them itself: the signing-key
 * check (`SigningKeys.advance`, which reloads this replica's keys), and the pollers of the SMS and
 * back-channel logout outboxes, which claim their rows with `for update skip locked`.
 */
export function identityJobs({ em, captcha, outbox, certificateChallenges }: IdentityJobServices): JobDefinition[] {
  return [
    /** Spent captchas past their expiry (ID-10). */
    { name: 'captcha-purge', periodMs: tenMinutes, run: () => captcha.purgeExpired() },
    /** SMS requests older than the longest rate-limit window (ID-9). */
    { name: 'sms-request-purge', periodMs: tenMinutes, run: () => outbox.purgeRequests(em.fork()) },
    /** The OpenID Connect provider's expired codes, sessions and grants. */
    { name: 'oidc-record-purge', periodMs: tenMinutes, run: () => purgeExpiredOidcRecords(em) },
    /** Certificate sign-in challenges expired for a day (issue 15). */
    { name: 'certificate-challenge-purge', periodMs: tenMinutes, run: () => certificateChallenges.purge() },
  ];
}
