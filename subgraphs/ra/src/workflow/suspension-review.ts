import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { defaultProject, loggedIdNumber, OperationLog } from '../records/operation-log';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import { outlivesCertificate } from './suspension';
import type { ApplicationState } from './workflow';

/** Who opens the reviews, in the application's step fields and the operation log. */
export const systemActor = 'system';

/** A suspension in effect at the CA: executed, then archived and completed on paper. */
const suspendedStates: ApplicationState[] = ['executed', 'archived', 'completed'];

/**
 * RA-5: a suspension that outlasts its certificate's validity goes, after approval, to revocation.
 * This scheduled job finds executed suspensions whose six-month automatic release falls after the
 * certificate's notAfter (as the CA answered the suspension) while the certificate is still valid,
 * and opens for each a revocation application in the review queue (`entered`, entered by `system`,
 * so any review clerk may decide it). A suspension gets one review at most (a unique column), a
 * certificate already released or under revocation since gets none, and a second run opens nothing.
 */
export class SuspensionReviewJob {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date = () => new Date(),
    private readonly log = new OperationLog(),
  ) {}

  /** Opens the reviews that are due; returns how many it opened. */
  async run(): Promise<number> {
    let opened = 0;
    for (const suspension of await this.due()) {
      if (await this.open(suspension)) opened += 1;
    }
    return opened;
  }

  private async due(): Promise<CertificateApplication[]> {
    const em = this.em.fork();
    const now = this.now();
    const suspensions = await em.find(CertificateApplication, {
      businessType: 'suspension',
      state: { $in: suspendedStates },
      certificateId: { $ne: null },
      certificateNotAfter: { $gt: now },
    });
    if (suspensions.length === 0) return [];
    const ids = suspensions.map((s) => s.id);
    const [executions, reviews, later] = await Promise.all([
      em.find(OperationLogEntry, { applicationId: { $in: ids }, operation: 'execute' }),
      em.find(CertificateApplication, { reviewOf: { $in: ids } }, { fields: ['id', 'reviewOf'] }),
      em.find(
        CertificateApplication,
        {
          businessType: { $in: ['release', 'revocation'] },
          state: { $ne: 'rejected' },
          certificateId: { $in: suspensions.map((s) => s.certificateId as string) },
        },
        { fields: ['id', 'certificateId', 'createdAt'] },
      ),
    ]);
    const executedAt = new Map(executions.map((e) => [e.applicationId, e.at]));
    const reviewed = new Set(reviews.map((r) => r.reviewOf));
    return suspensions.filter((suspension) => {
      const at = executedAt.get(suspension.id);
      if (!at || reviewed.has(suspension.id)) return false;
      const settled = later.some(
        (other) => other.certificateId === suspension.certificateId && other.createdAt > suspension.createdAt,
      );
      return !settled && outlivesCertificate(at, suspension.certificateNotAfter as Date);
    });
  }

  /** One review in its own transaction; a concurrent run that opened it first wins. */
  private async open(suspension: CertificateApplication): Promise<boolean> {
    try {
      await this.em.fork().transactional(async (tx) => {
        const source = await tx.findOneOrFail(
          CertificateApplication,
          { id: suspension.id },
          { populate: ['subscriber', 'idNumberSealed'] },
        );
        const subscriber = source.subscriber as Subscriber | undefined;
        const review = tx.create(CertificateApplication, {
          businessType: 'revocation',
          certificateKind: source.certificateKind,
          state: 'entered',
          subscriber,
          applicantUserId: source.applicantUserId,
          certificateId: source.certificateId,
          reviewOf: source.id,
          idNumberSealed: source.idNumberSealed,
          idNumberIndex: source.idNumberIndex,
          idNumberMasked: source.idNumberMasked,
          submittedBy: systemActor,
          enteredBy: systemActor,
          createdAt: this.now(),
        });
        await tx.flush();
        await this.log.append(tx, {
          at: this.now(),
          operation: 'open_revocation_review',
          applicationId: review.id,
          region: subscriber?.region,
          project: defaultProject,
          businessType: review.businessType,
          unitName: subscriber?.name,
          socialInsuranceNumber: subscriber?.socialInsuranceNumber,
          ...loggedIdNumber(review),
          maker: systemActor,
        });
      });
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }
}
