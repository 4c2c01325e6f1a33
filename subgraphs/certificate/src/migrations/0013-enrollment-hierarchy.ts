import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 item 2: the CA hierarchy an enrollment issues under (国密 `sm2` or 国际 `international`), as the RA's
 * application chose it; enrollments made before there was a choice issue under the default hierarchy.
 */
export class EnrollmentHierarchy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "certificate"."enrollment" add column "hierarchy" text null;`);
  }
}
