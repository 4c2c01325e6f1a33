import { DomainError } from '@tessera/kit';
import type { CertificateChallenges } from './certificate-challenges';
import type { EKeyPinOutcome, EKeyPinRecords } from './certificate-check-client';

/** What the sign-in page reports after the EKey agent answered with `pinAttempt`. */
export interface PinAttemptReport {
  /** The challenge the PIN was typed for. */
  challengeId: string;
  /** The EKey's serial number (the agent's `pinAttempt.ekeySerial`). */
  serialNumber: string;
  correct: boolean;
}

/**
 * CT-3 during an EKey sign-in: nobody is signed in yet, so the page cannot report a PIN attempt as the
 * EKey's holder. It reports it against the live challenge of its own sign-in instead: the challenge
 * takes one report (a wrong PIN also spends it), and identity forwards the attempt to the certificate
 * subgraph's EKey record with its service token. So every report costs a challenge that the same
 * browser's sign-in was issued, and a report can never outnumber the attempts a page made.
 */
export class EKeyPinReports {
  constructor(
    private readonly challenges: CertificateChallenges,
    private readonly records: EKeyPinRecords,
  ) {}

  async report(report: PinAttemptReport, interactionUid?: string, now = new Date()): Promise<EKeyPinOutcome> {
    if (!/^[\x21-\x7e]{1,64}$/.test(report.serialNumber)) throw new DomainError('BAD_USER_INPUT');
    await this.challenges.takePinReport(report.challengeId, interactionUid, report.correct, now);
    return this.records.recordPinAttempt(report.serialNumber, report.correct);
  }
}
