import { Migration } from '@mikro-orm/migrations';

export class AccountsAndSigningKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."user" (
      "id" uuid not null,
      "username" text not null,
      "kind" text check ("kind" in ('citizen', 'staff')) not null,
      "display_name" text not null,
      "roles" text[] not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "user_pkey" primary key ("id"));`);
    this.addSql(`alter table "identity"."user" add constraint "user_username_unique" unique ("username");`);
    this.addSql(`create table "identity"."signing_key" (
      "kid" text not null,
      "algorithm" text not null,
      "public_jwk" jsonb not null,
      "private_jwk" jsonb not null,
      "created_at" timestamptz not null,
      "retired_at" timestamptz null,
      constraint "signing_key_pkey" primary key ("kid"));`);
  }
}
