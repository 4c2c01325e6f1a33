import { randomUUID } from 'node:crypto';
import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** One token response to a business system (issue 12, item 8): who, which system, which scopes. */
@Entity({ tableName: 'issued_token' })
@Index({ properties: ['systemCode', 'issuedAt'] })
export class IssuedToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  systemCode!: string;

  /** `authorization_code`, `refresh_token` or `client_credentials`. */
  @Property({ type: 'text' })
  grantType!: string;

  /** The user the tokens speak for (none for client credentials). */
  @Property({ type: 'uuid', nullable: true })
  @Index()
  userId?: string | null;

  @Property({ type: 'text[]' })
  scopes!: string[];

  /** Which tokens: `access_token`, `id_token`, `refresh_token`. */
  @Property({ type: 'text[]' })
  tokens!: string[];

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'timestamptz' })
  issuedAt: Date & Opt = new Date();
}
