import { Migration } from '@mikro-orm/migrations';

/** The outbox of calls to the certificate subgraph, and the enrollment codes an approval yields (RA-11). */
export class CertificateAuthorityOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "ra"."outbox_message" ("id" uuid not null, "kind" text check ("kind" in ('create_enrollment', 'revoke_certificate', 'suspend_certificate', 'release_certificate')) not null, "application_id" uuid not null, "idempotency_key" text not null, "payload" jsonb not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "delivered_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null, constraint "outbox_message_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_message_application_id_index" on "ra"."outbox_message" ("application_id");`);
    this.addSql(
      `alter table "ra"."outbox_message" add constraint "outbox_message_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(`create index "outbox_message_next_attempt_at_index" on "ra"."outbox_message" ("next_attempt_at");`);
    this.addSql(
      `alter table "ra"."certificate_application" add column "reference_code" text null, add column "authorization_code" text null;`,
    );
  }
}
