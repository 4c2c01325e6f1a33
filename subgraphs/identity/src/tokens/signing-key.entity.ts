import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { JWK } from 'jose';

/**
 * A key that signs access tokens. Its public half is published in the JWKS so the other
 * subgraphs and business systems verify tokens without calling identity.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'text' })
  kid!: string;

  @Property({ type: 'text' })
  algorithm!: string;

  @Property({ type: 'jsonb' })
  publicJwk!: JWK;

  @Property({ type: 'jsonb', lazy: true })
  privateJwk!: JWK;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  /** Retired keys stop signing but stay published until tokens they signed have expired. */
  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date;
}
