import { Migration } from '@mikro-orm/migrations';

export class VerificationHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."verification_event" (
      "id" uuid not null,
      "user_id" uuid not null,
      "reason" text not null,
      "bank_code" text not null,
      "outcome" text not null,
      "at" timestamptz not null,
      constraint "verification_event_pkey" primary key ("id"));`);
    this.addSql(
      `create index "verification_event_user_id_at_index" on "identity"."verification_event" ("user_id", "at");`,
    );
  }
}
