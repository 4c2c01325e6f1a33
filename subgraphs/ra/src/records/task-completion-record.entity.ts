import { randomUUID } from 'node:crypto';
import { Entity, OneToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { CertificateApplication } from '../applications/certificate-application.entity';

/** The task completion record (任务完成记录单) filled when an application is completed (RA-13). */
@Entity({ tableName: 'task_completion_record' })
export class TaskCompletionRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => CertificateApplication, { owner: true, unique: true })
  application!: CertificateApplication;

  @Property({ type: 'text' })
  businessType!: string;

  @Property({ type: 'text' })
  completedBy!: string;

  /** Who did each step, as recorded on the application. */
  @Property({ type: 'jsonb' })
  steps!: Record<string, string | null>;

  @Property({ type: 'text', nullable: true })
  note?: string;

  @Property({ type: 'timestamptz' })
  completedAt: Date & Opt = new Date();
}
