import { Migration } from '@mikro-orm/migrations';

export class Certificates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "certificate"."certificate" (
      "id" uuid not null,
      "serial_number" text not null,
      "subject" text not null,
      "kind" text check ("kind" in ('personal', 'organization', 'server')) not null,
      "usage" text check ("usage" in ('signing', 'encryption')) not null,
      "holder_user_id" uuid null,
      "not_before" timestamptz not null,
      "not_after" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "certificate_pkey" primary key ("id"));`);
    this.addSql(`create index "certificate_holder_user_id_index" on "certificate"."certificate" ("holder_user_id");`);
    this.addSql(
      `alter table "certificate"."certificate" add constraint "certificate_serial_number_unique" unique ("serial_number");`,
    );
  }
}
