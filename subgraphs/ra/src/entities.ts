import { JobRun } from '@tessera/kit';
import { CertificateApplication } from './applications/certificate-application.entity';
import { ArchiveBox } from './archives/archive-box.entity';
import { ArchivedFile } from './archives/archived-file.entity';
import { customerServiceEntities } from './customer-service/entities';
import { ApplicationDocument } from './documents/application-document.entity';
import { FeeScheduleEntry } from './fees/fee-schedule-entry.entity';
import { Payment } from './fees/payment.entity';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { OperationLogAnchor } from './records/operation-log-anchor.entity';
import { OperationLogEntry } from './records/operation-log-entry.entity';
import { OperationLogHead } from './records/operation-log-head.entity';
import { TaskCompletionRecord } from './records/task-completion-record.entity';
import { Subscriber } from './subscribers/subscriber.entity';

/** Every table the RA subgraph owns (schema `ra`). */
export const raEntities = [
  Subscriber,
  CertificateApplication,
  ApplicationDocument,
  FeeScheduleEntry,
  Payment,
  OperationLogEntry,
  OperationLogAnchor,
  OperationLogHead,
  TaskCompletionRecord,
  ArchiveBox,
  ArchivedFile,
  OutboxMessage,
  ...customerServiceEntities,
  JobRun,
];
