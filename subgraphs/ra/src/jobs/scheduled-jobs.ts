import type { JobDefinition, Logger } from '@tessera/kit';
import type { ConsultationWeeklySummaryJob } from '../customer-service';
import { type DocumentSweep, orphanSweepEveryMs } from '../documents/orphan-document-sweep';
import type { OperationLogAnchoring } from '../records/operation-log-anchoring';
import type { SuspensionReviewJob } from '../workflow/suspension-review';

/** The weekly consultation summary is refreshed hourly; it is an upsert, so repeats are harmless (CS-2). */
const weeklySummaryEveryMs = 60 * 60 * 1000;
/** The operation log's head is time-stamped once a day (RA-14, issue 15 item 4). */
export const operationLogAnchorEveryMs = 24 * 60 * 60 * 1000;

export interface RaJobServices {
  weeklySummary: ConsultationWeeklySummaryJob;
  suspensionReview: SuspensionReviewJob;
  suspensionReviewEveryMs: number;
  /** Time-stamps the head of the operation log (RA-14). */
  operationLogAnchoring: OperationLogAnchoring;
  /** Only when documents are kept in a directory or object storage. */
  orphanSweep?: DocumentSweep;
  log: Logger;
}

/**
 * Everything the RA does on a schedule, once per period across its replicas (the kit's
 * `JobScheduler`). Not a job: the certificate-authority outbox's dispatcher, which every replica
 * runs and which claims its messages with `for update skip locked`.
 */
export function raJobs(services: RaJobServices): JobDefinition[] {
  const { weeklySummary, suspensionReview, orphanSweep, log } = services;
  const jobs: JobDefinition[] = [
    /** The week's consultation records, summarised for the department manager (CS-2). */
    { name: 'weekly-consultation-summary', periodMs: weeklySummaryEveryMs, run: () => weeklySummary.run() },
    /** Suspensions that outlive their certificate get a revocation review (RA-5). */
    { name: 'suspension-review', periodMs: services.suspensionReviewEveryMs, run: () => suspensionReview.run() },
    /** The head of the hash-chained operation log, time-stamped by the CA's TSA when it moved (RA-14, issue 15). */
    {
      name: 'operation-log-anchor',
      periodMs: operationLogAnchorEveryMs,
      run: async () => {
        const anchor = await services.operationLogAnchoring.anchorDaily();
        if (anchor) log.info({ sequence: anchor.sequence, genTime: anchor.genTime }, 'operation log anchored');
      },
    },
  ];
  if (orphanSweep) {
    /** Document copies no row has named for a day (RA item 5). */
    jobs.push({
      name: 'orphan-document-sweep',
      periodMs: orphanSweepEveryMs,
      run: async () => {
        const { removed, unfinished } = await orphanSweep.run();
        if (removed || unfinished) log.info({ removed, unfinished }, 'document copies no row names removed');
      },
    });
  }
  return jobs;
}
