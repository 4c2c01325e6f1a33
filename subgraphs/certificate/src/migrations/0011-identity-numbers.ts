import { Migration } from '@mikro-orm/migrations';

/**
 * GM/T 0015 identity extensions from the RA's data: the enrollment keeps the subscriber's numbers
 * until its codes are redeemed (a person's ID number sealed, ID-8), and every certificate row keeps
 * the social-insurance number and credit code it was issued for, indexed for the status query and
 * the staff search.
 */
export class IdentityNumbers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "certificate"."enrollment" add column "id_number_sealed" text null, add column "insurance_number" text null, add column "credit_code" text null, add column "organization_code" text null;`,
    );
    this.addSql(
      `alter table "certificate"."certificate" add column "insurance_number" text null, add column "credit_code" text null;`,
    );
    this.addSql(
      `create index "certificate_insurance_number_index" on "certificate"."certificate" ("insurance_number");`,
    );
    this.addSql(`create index "certificate_credit_code_index" on "certificate"."certificate" ("credit_code");`);
  }
}
