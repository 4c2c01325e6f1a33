import { Migration } from '@mikro-orm/migrations';

export class SignIn extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."user" add column "locked_at" timestamptz null;`);
    this.addSql(`create table "identity"."session" (
      "id" uuid not null,
      "user_id" uuid not null,
      "method" text not null,
      "refresh_digest" text not null,
      "previous_refresh_digest" text null,
      "created_at" timestamptz not null,
      "last_used_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_reason" text null,
      constraint "session_pkey" primary key ("id"));`);
    this.addSql(`create index "session_user_id_index" on "identity"."session" ("user_id");`);
    this.addSql(`create table "identity"."sign_in_throttle" (
      "login_key" text not null,
      "failures" int not null default 0,
      "locked_until" timestamptz null,
      "last_failure_at" timestamptz not null,
      constraint "sign_in_throttle_pkey" primary key ("login_key"));`);
    this.addSql(`create table "identity"."sign_in_event" (
      "id" uuid not null,
      "user_id" uuid not null,
      "method" text not null,
      "outcome" text not null,
      "at" timestamptz not null,
      constraint "sign_in_event_pkey" primary key ("id"));`);
    this.addSql(`create index "sign_in_event_user_id_at_index" on "identity"."sign_in_event" ("user_id", "at");`);
  }
}
