import { Migration } from '@mikro-orm/migrations';

/** The key management centre (CT-1 dual certificates): escrowed keys, two-person recoveries and their audit trail. */
export class KeyManagementTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "certificate"."enrollment" add column "encryption_certificate_id" uuid null;`);

    this.addSql(`create table "certificate"."key_escrow" (
      "id" uuid not null,
      "encryption_certificate_id" uuid not null,
      "signing_certificate_id" uuid not null,
      "subject" text not null,
      "algorithm" text not null,
      "iv" bytea not null,
      "tag" bytea not null,
      "ciphertext" bytea not null,
      "escrowed_at" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "key_escrow_pkey" primary key ("id"),
      constraint "key_escrow_encryption_certificate_id_unique" unique ("encryption_certificate_id"));`);
    this.addSql(
      `create index "key_escrow_signing_certificate_id_index" on "certificate"."key_escrow" ("signing_certificate_id");`,
    );
    this.addSql(`create index "key_escrow_subject_index" on "certificate"."key_escrow" ("subject");`);

    this.addSql(`create table "certificate"."key_recovery" (
      "id" uuid not null,
      "escrow_id" uuid not null,
      "target_certificate_id" uuid not null,
      "reason" text not null,
      "state" text check ("state" in ('requested', 'approved', 'rejected', 'delivered')) not null default 'requested',
      "requested_by" text not null,
      "requested_at" timestamptz not null,
      "decided_by" text null,
      "decided_at" timestamptz null,
      "delivered_by" text null,
      "delivered_at" timestamptz null,
      "created_at" timestamptz not null,
      constraint "key_recovery_pkey" primary key ("id"));`);
    this.addSql(`create index "key_recovery_escrow_id_index" on "certificate"."key_recovery" ("escrow_id");`);

    this.addSql(`create table "certificate"."key_escrow_event" (
      "id" uuid not null,
      "escrow_id" uuid not null,
      "recovery_id" uuid null,
      "action" text check ("action" in ('escrow', 'request', 'approve', 'reject', 'deliver')) not null,
      "actor" text not null,
      "at" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "key_escrow_event_pkey" primary key ("id"));`);
    this.addSql(`create index "key_escrow_event_escrow_id_index" on "certificate"."key_escrow_event" ("escrow_id");`);

    // The audit trail is append-only for everyone, the application included.
    this.addSql(`create function "certificate"."key_escrow_event_append_only"() returns trigger
      language plpgsql as $$ begin raise exception 'key_escrow_event is append-only'; end $$;`);
    this.addSql(`create trigger "key_escrow_event_append_only"
      before update or delete on "certificate"."key_escrow_event"
      for each row execute function "certificate"."key_escrow_event_append_only"();`);
  }
}
