import { LRUCache } from 'lru-cache';

/** A signed answer about one certificate, kept as bytes until its nextUpdate. */
export interface PreproducedAnswer {
  der: Buffer;
  nextUpdate: Date;
  /** From when a fresh answer is produced in the background while this one is still served. */
  refreshAt: number;
}

/**
 * The pre-produced answers (RFC 5019 §2.1.1) to nonce-less requests about one certificate, by its
 * serial and the CertID asked with (SHA-1 and SHA-256 CertIDs get answers of their own, each echoing
 * its CertID), for the `maxCertificates` certificates asked about most recently.
 *
 * A status change forgets its certificate's answers (`invalidate(serial)`), a rollover or a lost
 * notice all of them (`invalidate()`). An answer produced while anything was forgotten is not kept:
 * its status may have been read before the change (`epoch` at the start, `keep` at the end).
 */
export class PreproducedAnswers<A extends PreproducedAnswer> {
  private readonly bySerial: LRUCache<string, Map<string, A>>;
  private changes = 0;

  constructor(maxCertificates: number) {
    this.bySerial = new LRUCache({ max: maxCertificates });
  }

  /** The answer about `serial` asked with `certId` (its DER as latin1), while before its nextUpdate. */
  get(serial: string, certId: string, now: number): A | undefined {
    const answer = this.bySerial.get(serial)?.get(certId);
    return answer && now < answer.nextUpdate.getTime() ? answer : undefined;
  }

  /** A mark to hand to `keep`, taken before the statuses of an answer are read. */
  epoch(): number {
    return this.changes;
  }

  /** Keeps `answer` unless something was forgotten since `epoch`; says whether it did. */
  keep(serial: string, certId: string, answer: A, epoch: number): boolean {
    if (epoch !== this.changes) return false;
    let variants = this.bySerial.get(serial);
    if (!variants) {
      variants = new Map();
      this.bySerial.set(serial, variants);
    }
    variants.set(certId, answer);
    return true;
  }

  /** Forgets the answers about `serial`, or every answer when none is named. */
  invalidate(serial?: string): void {
    this.changes++;
    if (serial === undefined) this.bySerial.clear();
    else this.bySerial.delete(serial);
  }
}
