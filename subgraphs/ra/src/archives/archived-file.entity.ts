import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OneToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { ArchiveBox } from './archive-box.entity';

/** Where the paper file of one application is kept. */
@Entity({ tableName: 'archived_file' })
export class ArchivedFile {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => CertificateApplication, { owner: true, unique: true })
  application!: CertificateApplication;

  @ManyToOne(() => ArchiveBox, { index: true })
  box!: ArchiveBox;

  /** Files in a box are ordered by social-insurance number (RA-16). */
  @Property({ type: 'text' })
  socialInsuranceNumber!: string;

  @Property({ type: 'text' })
  archivedBy!: string;

  @Property({ type: 'timestamptz' })
  archivedAt: Date & Opt = new Date();
}
