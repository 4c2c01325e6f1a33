import type { MigrationObject } from '@mikro-orm/postgresql';
import { AccountsAndSigningKeys } from './0001-accounts-and-signing-keys';

/** The identity schema's migrations, oldest first. Never edit one that has shipped: add the next. */
export const migrations: MigrationObject[] = [
  { name: '0001-accounts-and-signing-keys', class: AccountsAndSigningKeys },
];
