import { Migration } from '@mikro-orm/migrations';

/** CT-1: the approved mailbox an enrollment's certificate names (rfc822Name), with emailProtection only then. */
export class EnrollmentEmail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "certificate"."enrollment" add column "email" text null;`);
  }
}
