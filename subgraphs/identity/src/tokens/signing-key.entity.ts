import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { JWK } from 'jose';
import type { SigningKeyState } from './signing-key-lifecycle';

/**
 * A key that signs access tokens. Its public half is published in the JWKS so the other
 * subgraphs and business systems verify tokens without calling identity; its private half is
 * sealed under DATA_ENCRYPTION_KEYS and erased when the key retires (see `signing-key-lifecycle.ts`).
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'text' })
  kid!: string;

  @Property({ type: 'text' })
  algorithm!: string;

  @Property({ type: 'jsonb' })
  publicJwk!: JWK;

  /** The private JWK, sealed (`keyId.iv.ciphertext`, field `signingKey`); null once retired. */
  @Property({ type: 'text', nullable: true, lazy: true })
  privateKeySealed?: string | null;

  /**
   * A private JWK written in clear before keys were sealed (migration 0011): sealed into
   * `privateKeySealed` and emptied at start, so no database or backup holds one in clear.
   */
  @Property({ type: 'jsonb', nullable: true, lazy: true, fieldName: 'private_jwk' })
  privateJwkInClear?: JWK | null;

  @Enum({ items: ['next', 'active', 'retiring', 'retired'], type: 'text' })
  @Index()
  state!: SigningKeyState;

  /** Published since. */
  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  /** When it signs (or began to): a `next` key waits for it, so every verifier has fetched it first. */
  @Property({ type: 'timestamptz' })
  activateAt!: Date;

  /** When its successor took over signing: it stays published until its last token has expired. */
  @Property({ type: 'timestamptz', nullable: true })
  retiringAt?: Date | null;

  /** When it left the JWKS and its private half was erased. */
  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date | null;
}
