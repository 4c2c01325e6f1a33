import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export const jobRunOutcomes = ['running', 'succeeded', 'failed'] as const;
export type JobRunOutcome = (typeof jobRunOutcomes)[number];

/**
 * One period of one scheduled job, claimed by the replica that inserted it: the primary key
 * (job, period start) is what makes a period run once across the cluster. Every subgraph with
 * jobs lists this entity and creates the table in its own schema with a migration of its own.
 */
@Entity({ tableName: 'job_run' })
export class JobRun {
  @PrimaryKey({ type: 'text' })
  job!: string;

  @PrimaryKey({ type: 'timestamptz' })
  periodStart!: Date;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  @Enum({ items: [...jobRunOutcomes], type: 'text' })
  outcome!: JobRunOutcome;

  /** The failure's message, for operators (logs and database); GraphQL shows only `errorCode`. */
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** The catalogue code of a failure that was a `DomainError`, else `INTERNAL_SERVER_ERROR`. */
  @Property({ type: 'text', nullable: true })
  errorCode?: string | null;

  /** Start of the next period: when the job is due again. */
  @Property({ type: 'timestamptz' })
  nextDueAt!: Date;

  /** The replica that ran it (`host:pid`). */
  @Property({ type: 'text' })
  runner!: string;
}
