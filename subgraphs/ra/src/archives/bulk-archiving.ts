import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, type ErrorCode, failureCode, type Locale, type Logger, messageFor } from '@tessera/kit';
import { Applications } from '../applications/applications';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import type { Actor } from '../workflow/actor';

/** At most one box of new-issuance files at a time (RA-16). */
export const maxBulkArchive = 100;

export interface ArchiveRequest {
  applicationId: string;
  /** The version the clerk saw in the queue (optimistic locking, as for one step). */
  expectedVersion: number;
}

export interface ArchiveOutcome {
  applicationId: string;
  application?: CertificateApplication;
  error?: { code: ErrorCode; message: string };
}

/**
 * Issue 17 item 7, bulk archiving: the archive clerk files several applications in one act. Each is
 * its own `archive` step (RA-16 places it in a box; RA-14 logs it), in its own transaction and in the
 * order given, so one that fails (already archived, moved since, not the clerk's) leaves the others
 * filed; its refusal comes back as data in the caller's language.
 */
export class BulkArchiving {
  constructor(private readonly applications = new Applications()) {}

  async archive(
    em: EntityManager,
    requests: readonly ArchiveRequest[],
    actor: Actor,
    locale: Locale,
    log?: Logger,
  ): Promise<ArchiveOutcome[]> {
    if (requests.length === 0 || requests.length > maxBulkArchive) {
      throw new DomainError('BAD_USER_INPUT', { detail: 'applications' });
    }
    const outcomes: ArchiveOutcome[] = [];
    for (const request of requests) {
      try {
        const application = await this.applications.step(em.fork(), request.applicationId, 'archive', actor, {
          expectedVersion: request.expectedVersion,
        });
        outcomes.push({ applicationId: request.applicationId, application });
      } catch (error) {
        const code = failureCode(error);
        if (code === 'INTERNAL_SERVER_ERROR') log?.error({ err: error }, 'bulk archiving: one application failed');
        const params = error instanceof DomainError ? stringParams(error.extensions) : {};
        outcomes.push({
          applicationId: request.applicationId,
          error: { code, message: messageFor(code, locale, params) },
        });
      }
    }
    return outcomes;
  }
}

function stringParams(extensions: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(extensions).filter((e): e is [string, string | number] =>
      ['string', 'number'].includes(typeof e[1]),
    ),
  );
}
