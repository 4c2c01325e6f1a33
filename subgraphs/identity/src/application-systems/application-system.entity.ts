import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type ApplicationSystemStatus = 'active' | 'suspended' | 'retired';

/**
 * A business system that relies on the unified authentication (ID-17). It signs in with the
 * OAuth2 client-credentials grant: its code is the client id; only a keyed hash of its secret is kept.
 */
@Entity({ tableName: 'application_system' })
export class ApplicationSystem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  owner!: string;

  @Property({ type: 'text[]' })
  scopes!: string[];

  @Enum({ items: ['active', 'suspended', 'retired'], type: 'text' })
  status: ApplicationSystemStatus & Opt = 'active';

  @Property({ type: 'text', nullable: true, lazy: true })
  secretDigest?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  secretIssuedAt?: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
