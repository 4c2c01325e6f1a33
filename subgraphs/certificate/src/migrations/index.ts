import type { MigrationObject } from '@mikro-orm/postgresql';
import { Certificates } from './0001-certificates';
import { CertificateAuthorityTables } from './0002-certificate-authority';

/** The certificate schema's migrations, oldest first. Never edit one that has shipped: add the next. */
export const migrations: MigrationObject[] = [
  { name: '0001-certificates', class: Certificates },
  { name: '0002-certificate-authority', class: CertificateAuthorityTables },
];
