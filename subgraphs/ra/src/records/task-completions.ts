import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { BusinessType } from '../applications/business-type';
import { TaskCompletionRecord } from './task-completion-record.entity';

/** The steps a completion record names (who submitted, approved, entered, reviewed, issued, archived). */
export const recordedSteps = [
  'submittedBy',
  'agencyApprovedBy',
  'enteredBy',
  'reviewedBy',
  'issuedBy',
  'archivedBy',
] as const;

export interface TaskCompletionFilter {
  /** Completed at or after this instant. */
  from?: Date | null;
  /** Completed before this instant. */
  to?: Date | null;
  /** Someone who took any step of the task, or completed it. */
  clerk?: string | null;
  businessType?: BusinessType | null;
}

export const maxCompletionPage = 200;

/** The task completion records (RA-13), newest first, filtered and paged. */
export class TaskCompletions {
  async page(
    em: EntityManager,
    filter: TaskCompletionFilter,
    offset: number,
    first: number,
  ): Promise<{ total: number; records: TaskCompletionRecord[] }> {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(first) || first < 1 || first > maxCompletionPage) {
      throw new DomainError('BAD_USER_INPUT', { detail: `offset ≥ 0 and 1 ≤ first ≤ ${maxCompletionPage}` });
    }
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw new DomainError('BAD_USER_INPUT', { detail: '`from` must be before `to`' });
    }
    const where: FilterQuery<TaskCompletionRecord> = {
      ...(filter.from || filter.to
        ? { completedAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } }
        : {}),
      ...(filter.businessType ? { businessType: filter.businessType } : {}),
      ...(filter.clerk
        ? {
            $or: [
              { completedBy: filter.clerk },
              ...recordedSteps.map((step) => ({ steps: { [step]: filter.clerk } })),
            ] as FilterQuery<TaskCompletionRecord>[],
          }
        : {}),
    };
    const [records, total] = await em.findAndCount(TaskCompletionRecord, where, {
      orderBy: { completedAt: 'desc', id: 'asc' },
      offset,
      limit: first,
    });
    return { total, records };
  }
}
