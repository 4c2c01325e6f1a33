import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { CertificateApplication } from '../applications/certificate-application.entity';

export type PaymentMethod = 'cash' | 'transfer';

/** A fee received for an application; a wire transfer carries its voucher reference (RA-12). */
@Entity({ tableName: 'payment' })
export class Payment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => CertificateApplication, { index: true })
  application!: CertificateApplication;

  @Property({ type: 'integer' })
  amountFen!: number;

  @Enum({ items: ['cash', 'transfer'], type: 'text' })
  method!: PaymentMethod;

  @Property({ type: 'text', nullable: true })
  voucherReference?: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  recordedAt: Date & Opt = new Date();
}
