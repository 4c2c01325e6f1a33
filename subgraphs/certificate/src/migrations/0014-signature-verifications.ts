import { Migration } from '@mikro-orm/migrations';

/** Issue 15 item 3: every call of the signature verification service, for auditors. */
export class SignatureVerifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "certificate"."signature_verification" (
      "id" uuid not null,
      "requester_kind" text not null,
      "requester" text not null,
      "requested_at" timestamptz not null,
      "form" text check ("form" in ('cms', 'raw')) null,
      "input_digest" text not null,
      "valid" boolean not null,
      "code" text null,
      "certificate_id" uuid null,
      "certificate_serial" text null,
      "signing_time" timestamptz null,
      "signing_time_source" text check ("signing_time_source" in ('timestamp', 'signingTimeUnverified', 'none')) null,
      "created_at" timestamptz not null,
      constraint "signature_verification_pkey" primary key ("id"));`);
    this.addSql(
      `create index "signature_verification_requester_index" on "certificate"."signature_verification" ("requester");`,
    );
    this.addSql(
      `create index "signature_verification_certificate_id_index" on "certificate"."signature_verification" ("certificate_id");`,
    );
    this.addSql(
      `create index "signature_verification_requested_at_index" on "certificate"."signature_verification" ("requested_at");`,
    );
  }
}
