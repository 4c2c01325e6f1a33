import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15 item 4: the time-stamping authority's certificates, one current per issuing CA (made on first start,
 * renewed before expiry and with each rollover), their keys in the key backend.
 */
export class TimeStamping extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "certificate"."tsa_certificate" (
      "id" uuid not null,
      "authority_id" uuid not null,
      "key_label" text not null,
      "algorithm" text not null,
      "certificate_der" bytea not null,
      "not_after" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "tsa_certificate_pkey" primary key ("id"));`);
    this.addSql(
      `create index "tsa_certificate_authority_id_index" on "certificate"."tsa_certificate" ("authority_id");`,
    );
  }
}
