import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import { FeeScheduleEntry } from './fee-schedule-entry.entity';
import { Payment, type PaymentMethod } from './payment.entity';

/** The EKey's warranty: a non-man-made fault within a year of purchase is replaced free (CT-3, RA-8). */
export function withinWarranty(purchasedOn: string, today: Date): boolean {
  const end = new Date(`${purchasedOn}T00:00:00Z`);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return today.getTime() < end.getTime();
}

/** Fees due and received per application, by the administrator-edited schedule (RA-12). */
export class Fees {
  constructor(private readonly now: () => Date = () => new Date()) {}

  /** What the schedule asks; nothing for a review the RA opened itself (RA-5, `reviewOf`). */
  async due(em: EntityManager, application: CertificateApplication): Promise<number> {
    if (this.free(application)) return 0;
    const entry = await em.findOne(FeeScheduleEntry, {
      businessType: application.businessType,
      certificateKind: application.certificateKind,
    });
    return entry?.amountFen ?? 0;
  }

  /** Nothing is due for a review the RA opened itself, nor for an EKey replaced under warranty (RA-8). */
  private free(application: CertificateApplication): boolean {
    return Boolean(
      application.reviewOf ||
        (application.businessType === 'damaged_replacement' &&
          application.mediumPurchasedOn &&
          withinWarranty(application.mediumPurchasedOn, this.now())),
    );
  }

  async paid(em: EntityManager, application: CertificateApplication): Promise<number> {
    const payments = await em.find(Payment, { application });
    return payments.reduce((sum, p) => sum + p.amountFen, 0);
  }

  /** Refuses to go on while less than the due fee has been received. */
  /**
   * Refuses to go on while less than the due fee has been received; `scheduled`: the schedule's fee
   * for the application's business type and kind (null for none), `paid`: the sum of its payments.
   */
  requirePaid(application: CertificateApplication, scheduled: number | null, paid: number): void {
    const due = this.free(application) ? 0 : (scheduled ?? 0);
    if (paid < due) throw new DomainError('FEE_UNPAID', { dueYuan: (due / 100).toFixed(2) });
  }

  record(
    em: EntityManager,
    application: CertificateApplication,
    payment: { amountFen: number; method: PaymentMethod; voucherReference?: string | null },
    recordedBy: string,
  ): Payment {
    if (!Number.isInteger(payment.amountFen) || payment.amountFen <= 0) {
      throw new DomainError('BAD_USER_INPUT', { detail: 'amountFen must be a positive whole number of fen' });
    }
    const voucher = payment.voucherReference?.trim();
    if (payment.method === 'transfer' && !voucher) throw new DomainError('TRANSFER_VOUCHER_REQUIRED');
    return em.create(Payment, {
      application,
      amountFen: payment.amountFen,
      method: payment.method,
      voucherReference: voucher || undefined,
      recordedBy,
    });
  }

  /** Sets the fee of a business type and certificate kind (administrators). */
  async setFee(
    em: EntityManager,
    entry: Pick<FeeScheduleEntry, 'businessType' | 'certificateKind' | 'amountFen'>,
    by: string,
  ) {
    if (!Number.isInteger(entry.amountFen) || entry.amountFen < 0) {
      throw new DomainError('BAD_USER_INPUT', { detail: 'amountFen must be a whole number of fen, 0 or more' });
    }
    const existing = await em.findOne(FeeScheduleEntry, {
      businessType: entry.businessType,
      certificateKind: entry.certificateKind,
    });
    const row = existing ?? em.create(FeeScheduleEntry, { ...entry, updatedBy: by });
    row.amountFen = entry.amountFen;
    row.updatedBy = by;
    await em.flush();
    return row;
  }
}
