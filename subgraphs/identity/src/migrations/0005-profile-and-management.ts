import { Migration } from '@mikro-orm/migrations';

export class ProfileAndManagement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."user" add column "password_reset_required" boolean not null default false;`);
    this.addSql(`create table "identity"."profile_change" (
      "id" uuid not null,
      "user_id" uuid not null,
      "name" text not null,
      "bank_code" text not null,
      "card_number_sealed" text not null,
      "phone_sealed" text not null,
      "verified_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "applied_at" timestamptz null,
      "created_at" timestamptz not null,
      constraint "profile_change_pkey" primary key ("id"));`);
    this.addSql(`create table "identity"."admin_action" (
      "id" uuid not null,
      "actor_id" text not null,
      "action" text not null,
      "target_user_id" uuid null,
      "detail" text null,
      "at" timestamptz not null,
      constraint "admin_action_pkey" primary key ("id"));`);
    this.addSql(
      `create index "admin_action_target_user_id_at_index" on "identity"."admin_action" ("target_user_id", "at");`,
    );
  }
}
