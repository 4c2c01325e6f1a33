import type { MigrationObject } from '@mikro-orm/postgresql';
import { Applications } from './0001-applications';

/** The RA schema's migrations, oldest first. Never edit one that has shipped: add the next. */
export const migrations: MigrationObject[] = [{ name: '0001-applications', class: Applications }];
