import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One record of the OpenID Connect provider's state (`oidc-adapter.ts`): an authorization code, a
 * provider session, a grant, a refresh or access token, an interaction. Kept here, not in a
 * replica's memory, so every identity replica serves every step of a flow.
 */
@Entity({ tableName: 'oidc_record' })
@Index({ properties: ['expiresAt'] })
export class OidcRecord {
  /** The provider's model name (`Session`, `AuthorizationCode`, `RefreshToken`, …). */
  @PrimaryKey({ type: 'text' })
  model!: string;

  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** Every token of one grant goes when the grant is revoked. */
  @Property({ type: 'text', nullable: true })
  @Index()
  grantId?: string | null;

  /** A provider session's stable id (its cookie id changes at each sign-in). */
  @Property({ type: 'text', nullable: true })
  @Index()
  uid?: string | null;

  @Property({ type: 'text', nullable: true })
  userCode?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  consumedAt?: Date | null;
}
