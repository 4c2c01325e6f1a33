import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 item 2: an application chooses 国密 SM2 or 国际 RSA/ECC, the CA hierarchy its enrollment issues
 * under; applications made before there was a choice were international.
 */
export class ApplicationHierarchy extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "ra"."certificate_application" add column "hierarchy" text check ("hierarchy" in ('international', 'sm2')) not null default 'international';`,
    );
  }
}
