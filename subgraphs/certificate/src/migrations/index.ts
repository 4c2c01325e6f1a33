import type { MigrationObject } from '@mikro-orm/postgresql';
import { Certificates } from './0001-certificates';
import { CertificateAuthorityTables } from './0002-certificate-authority';
import { KeyManagementTables } from './0003-kmc';
import { EKeyHolderIndex } from './0005-ekey-holder-index';
import { SubjectNameIndexes } from './0006-subject-name-indexes';
import { EnrollmentEmail } from './0007-enrollment-email';
import { JobRuns } from './0008-job-runs';
import { RateLimit } from './0009-rate-limit';
import { CaHierarchies } from './0010-ca-hierarchies';
import { IdentityNumbers } from './0011-identity-numbers';
import { EKeyAlgorithms } from './0012-ekey-algorithms';
import { EnrollmentHierarchy } from './0013-enrollment-hierarchy';
import { SignatureVerifications } from './0014-signature-verifications';
import { TimeStamping } from './0015-time-stamping';

/** The certificate schema's migrations, oldest first. Never edit one that has shipped: add the next. */
export const migrations: MigrationObject[] = [
  { name: '0001-certificates', class: Certificates },
  { name: '0002-certificate-authority', class: CertificateAuthorityTables },
  { name: '0003-kmc', class: KeyManagementTables },
  { name: '0005-ekey-holder-index', class: EKeyHolderIndex },
  { name: '0006-subject-name-indexes', class: SubjectNameIndexes },
  { name: '0007-enrollment-email', class: EnrollmentEmail },
  { name: '0008-job-runs', class: JobRuns },
  { name: '0009-rate-limit', class: RateLimit },
  { name: '0010-ca-hierarchies', class: CaHierarchies },
  { name: '0011-identity-numbers', class: IdentityNumbers },
  { name: '0012-ekey-algorithms', class: EKeyAlgorithms },
  { name: '0013-enrollment-hierarchy', class: EnrollmentHierarchy },
  { name: '0014-signature-verifications', class: SignatureVerifications },
  { name: '0015-time-stamping', class: TimeStamping },
];
