import type { MigrationObject } from '@mikro-orm/postgresql';
import { CustomerService } from '../customer-service/customer-service.migration';
import { Applications } from './0001-applications';
import { RegistrationAuthority } from './0002-registration-authority';
import { CertificateAuthorityOutbox } from './0004-certificate-authority-outbox';
import { ApplicationTargets } from './0005-application-targets';
import { CertificateAuthorityCallFailures } from './0006-certificate-authority-call-failures';
import { DocumentHashIndex } from './0007-document-hash-index';
import { ApplicationNames } from './0008-application-names';
import { IdNumbers } from './0009-id-numbers';
import { JobRuns } from './0010-job-runs';
import { ApplicationHierarchy } from './0011-application-hierarchy';
import { OperationLogAnchors } from './0012-operation-log-anchors';
import { OperationLogHead } from './0013-operation-log-head';

/** The RA schema's migrations, oldest first. Never edit one that has shipped: add the next. */
export const migrations: MigrationObject[] = [
  { name: '0001-applications', class: Applications },
  { name: '0002-registration-authority', class: RegistrationAuthority },
  { name: '0003-customer-service', class: CustomerService },
  { name: '0004-certificate-authority-outbox', class: CertificateAuthorityOutbox },
  { name: '0005-application-targets', class: ApplicationTargets },
  { name: '0006-certificate-authority-call-failures', class: CertificateAuthorityCallFailures },
  { name: '0007-document-hash-index', class: DocumentHashIndex },
  { name: '0008-application-names', class: ApplicationNames },
  { name: '0009-id-numbers', class: IdNumbers },
  { name: '0010-job-runs', class: JobRuns },
  { name: '0011-application-hierarchy', class: ApplicationHierarchy },
  { name: '0012-operation-log-anchors', class: OperationLogAnchors },
  { name: '0013-operation-log-head', class: OperationLogHead },
];
