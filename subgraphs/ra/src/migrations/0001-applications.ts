import { Migration } from '@mikro-orm/migrations';

export class Applications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ra"."certificate_application" (
      "id" uuid not null,
      "business_type" text check ("business_type" in ('new', 'renewal', 'change', 'revocation', 'suspension', 'release', 'unlock', 'lost_reissue', 'damaged_replacement')) not null,
      "state" text not null default 'submitted',
      "applicant_user_id" uuid null,
      "certificate_id" uuid null,
      "created_at" timestamptz not null,
      constraint "certificate_application_pkey" primary key ("id"));`);
    this.addSql(
      `create index "certificate_application_applicant_user_id_index" on "ra"."certificate_application" ("applicant_user_id");`,
    );
    this.addSql(
      `create index "certificate_application_certificate_id_index" on "ra"."certificate_application" ("certificate_id");`,
    );
  }
}
