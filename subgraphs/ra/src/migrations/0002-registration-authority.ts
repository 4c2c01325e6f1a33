import { Migration } from '@mikro-orm/migrations';

/** Subscribers, the application workflow, documents, fees, the operation log, completion records and archives. */
export class RegistrationAuthority extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "ra"."archive_box" ("id" uuid not null, "series" text check ("series" in ('new', 'renewal', 'service')) not null, "number" int not null, "capacity" int not null, "cabinet" int not null, "file_count" int not null default 0, "created_at" timestamptz not null, constraint "archive_box_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "ra"."archive_box" add constraint "archive_box_series_number_unique" unique ("series", "number");`,
    );
    this.addSql(
      `create table "ra"."fee_schedule_entry" ("id" uuid not null, "business_type" text check ("business_type" in ('new', 'renewal', 'change', 'revocation', 'suspension', 'release', 'unlock', 'lost_reissue', 'damaged_replacement')) not null, "certificate_kind" text check ("certificate_kind" in ('personal', 'organization', 'server')) not null, "amount_fen" int not null, "updated_by" text null, "updated_at" timestamptz not null, constraint "fee_schedule_entry_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "ra"."fee_schedule_entry" add constraint "fee_schedule_entry_business_type_certificate_kind_unique" unique ("business_type", "certificate_kind");`,
    );
    this.addSql(
      `create table "ra"."operation_log_entry" ("sequence" bigserial primary key, "at" timestamptz not null, "operation" text not null, "application_id" uuid null, "region" text null, "project" text not null, "business_type" text null, "unit_name" text null, "social_insurance_number" text null, "id_number" text null, "maker" text not null, "reviewer" text null, "previous_hash" text not null, "hash" text not null);`,
    );
    this.addSql(
      `create index "operation_log_entry_application_id_index" on "ra"."operation_log_entry" ("application_id");`,
    );
    this.addSql(
      `create table "ra"."subscriber" ("id" uuid not null, "kind" text check ("kind" in ('unit', 'person')) not null, "social_insurance_number" text not null, "name" text not null, "credit_code" text null, "organization_code" text null, "contact_name" text not null, "contact_phone" text not null, "region" text not null, "agency" text not null, "user_id" uuid null, "created_at" timestamptz not null, "version" int not null default 1, constraint "subscriber_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "ra"."subscriber" add constraint "subscriber_social_insurance_number_unique" unique ("social_insurance_number");`,
    );
    this.addSql(`create index "subscriber_name_index" on "ra"."subscriber" ("name");`);
    this.addSql(`create index "subscriber_user_id_index" on "ra"."subscriber" ("user_id");`);
    this.addSql(
      `create table "ra"."payment" ("id" uuid not null, "application_id" uuid not null, "amount_fen" int not null, "method" text check ("method" in ('cash', 'transfer')) not null, "voucher_reference" text null, "recorded_by" text not null, "recorded_at" timestamptz not null, constraint "payment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "payment_application_id_index" on "ra"."payment" ("application_id");`);
    this.addSql(
      `create table "ra"."archived_file" ("id" uuid not null, "application_id" uuid not null, "box_id" uuid not null, "social_insurance_number" text not null, "archived_by" text not null, "archived_at" timestamptz not null, constraint "archived_file_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "ra"."archived_file" add constraint "archived_file_application_id_unique" unique ("application_id");`,
    );
    this.addSql(`create index "archived_file_box_id_index" on "ra"."archived_file" ("box_id");`);
    this.addSql(
      `create table "ra"."application_document" ("id" uuid not null, "application_id" uuid not null, "document_type" text not null, "content_type" text null, "size" int null, "sha256" text null, "content" bytea null, "checked_by" text null, "checked_at" timestamptz null, "created_at" timestamptz not null, constraint "application_document_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "ra"."application_document" add constraint "application_document_application_id_document_type_unique" unique ("application_id", "document_type");`,
    );
    this.addSql(
      `create table "ra"."task_completion_record" ("id" uuid not null, "application_id" uuid not null, "business_type" text not null, "completed_by" text not null, "steps" jsonb not null, "note" text null, "completed_at" timestamptz not null, constraint "task_completion_record_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "ra"."task_completion_record" add constraint "task_completion_record_application_id_unique" unique ("application_id");`,
    );
    this.addSql(
      `alter table "ra"."payment" add constraint "payment_application_id_foreign" foreign key ("application_id") references "ra"."certificate_application" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ra"."archived_file" add constraint "archived_file_application_id_foreign" foreign key ("application_id") references "ra"."certificate_application" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ra"."archived_file" add constraint "archived_file_box_id_foreign" foreign key ("box_id") references "ra"."archive_box" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ra"."application_document" add constraint "application_document_application_id_foreign" foreign key ("application_id") references "ra"."certificate_application" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ra"."task_completion_record" add constraint "task_completion_record_application_id_foreign" foreign key ("application_id") references "ra"."certificate_application" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ra"."certificate_application" add column "certificate_kind" text check ("certificate_kind" in ('personal', 'organization', 'server')) not null default 'personal', add column "subscriber_id" uuid null, add column "channel" text check ("channel" in ('online', 'counter')) not null default 'counter', add column "medium_purchased_on" date null, add column "submitted_by" text null, add column "agency_approved_by" text null, add column "entered_by" text null, add column "reviewed_by" text null, add column "rejection_reason" text null, add column "issued_by" text null, add column "archived_by" text null, add column "updated_at" timestamptz not null default now(), add column "version" int not null default 1;`,
    );
    this.addSql(
      `alter table "ra"."certificate_application" add constraint "certificate_application_subscriber_id_foreign" foreign key ("subscriber_id") references "ra"."subscriber" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "ra"."certificate_application" add constraint "certificate_application_state_check" check("state" in ('submitted', 'agency_approved', 'entered', 'approved', 'rejected', 'issued', 'executed', 'delivered', 'archived', 'completed'));`,
    );
    this.addSql(
      `create index "certificate_application_subscriber_id_index" on "ra"."certificate_application" ("subscriber_id");`,
    );
    this.addSql(`alter table "ra"."certificate_application" alter column "updated_at" drop default;`);
    this.addSql(`create function "ra"."operation_log_is_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'the operation log is append-only (RA-14)';
      end;
      $$;`);
    this.addSql(
      `create trigger "operation_log_entry_append_only" before update or delete on "ra"."operation_log_entry" for each statement execute function "ra"."operation_log_is_append_only"();`,
    );
  }
}
