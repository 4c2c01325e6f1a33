import { Migration } from '@mikro-orm/migrations';

export class ApplicationSystems extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."application_system" (
      "id" uuid not null,
      "code" text not null,
      "name" text not null,
      "owner" text not null,
      "scopes" text[] not null,
      "status" text check ("status" in ('active', 'suspended', 'retired')) not null default 'active',
      "secret_digest" text null,
      "secret_issued_at" timestamptz null,
      "created_at" timestamptz not null,
      constraint "application_system_pkey" primary key ("id"),
      constraint "application_system_code_unique" unique ("code"));`);
    this.addSql(`create table "identity"."identity_lookup" (
      "id" uuid not null,
      "system_code" text not null,
      "lookup_by" text not null,
      "user_id" uuid null,
      "found" boolean not null,
      "at" timestamptz not null,
      constraint "identity_lookup_pkey" primary key ("id"));`);
    this.addSql(
      `create index "identity_lookup_system_code_at_index" on "identity"."identity_lookup" ("system_code", "at");`,
    );
  }
}
