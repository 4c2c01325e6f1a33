import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The key algorithms a medium can generate and use (issue 14 item 6): RSA and ECC (P-256) for the
 * international hierarchy, SM2 (GM/T 0003, with SM3 and the SM2 envelope of GM/T 0010) for the
 * national one, as the issuing clerk records them from the medium's model and middleware.
 */
export const ekeyAlgorithms = ['rsa', 'ecc', 'sm2'] as const;
export type EKeyAlgorithm = (typeof ekeyAlgorithms)[number];

/** A USB key (智能密码钥匙) holding a subscriber's keys (CT-3). */
@Entity({ tableName: 'ekey' })
export class EKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The serial printed on the medium. */
  @Property({ type: 'text', unique: true })
  serialNumber!: string;

  @Property({ type: 'text' })
  model!: string;

  /** What the medium supports; media recorded before this was kept are international (RSA, ECC). */
  @Property({ type: 'json', default: `'["rsa","ecc"]'` })
  algorithms: EKeyAlgorithm[] & Opt = ['rsa', 'ecc'];

  @Property({ type: 'date' })
  purchasedOn!: string;

  /** One year after purchase (CT-3, RA-8). */
  @Property({ type: 'date' })
  warrantyEndsOn!: string;

  @Property({ type: 'uuid', nullable: true, index: true })
  holderUserId?: string;

  @Property({ type: 'integer' })
  pinFailures: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedAt?: Date | null;

  /** The RA unlock application (RA-6) behind the last unlock. */
  @Property({ type: 'text', nullable: true })
  lastUnlockApplication?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
