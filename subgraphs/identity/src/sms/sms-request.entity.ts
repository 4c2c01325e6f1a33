import { randomUUID } from 'node:crypto';
import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A client's request for a text message, admitted under the limits (ID-9), which count these
 * rows. A recovery request is recorded whether or not the data matched an account (and so
 * whether a message went out), so the limits answer both alike (ID-13, ID-14).
 */
@Entity({ tableName: 'sms_request' })
@Index({ name: 'sms_request_recipient_index_index', properties: ['recipientIndex', 'createdAt'] })
@Index({ name: 'sms_request_client_index_index', properties: ['clientIndex', 'createdAt'] })
export class SmsRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Keyed hash of whom the request texts: a phone, or what a recovery entered to name an account. */
  @Property({ type: 'text' })
  recipientIndex!: string;

  /** Keyed hash of the client's address, for the per-client limit. */
  @Property({ type: 'text', nullable: true })
  clientIndex?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
