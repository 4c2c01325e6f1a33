import { Migration } from '@mikro-orm/migrations';

/** The customer-service tables (CS-1..CS-6). */
export class CustomerService extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ra"."complaint" (
      "id" uuid not null,
      "state" text check ("state" in ('received', 'recorded', 'verified', 'accepted', 'refused', 'handled', 'thanked')) not null,
      "complainant_name" text not null,
      "complainant_phone" text null,
      "complainant_user_id" uuid null,
      "statement" text not null,
      "record" text null,
      "responsible_person" text null,
      "verification" text null,
      "deadline" timestamptz null,
      "refusal_reason" text null,
      "resolution" text null,
      "received_by" uuid not null,
      "handled_by" uuid null,
      "received_at" timestamptz not null,
      "verified_at" timestamptz null,
      "handled_at" timestamptz null,
      "thanked_at" timestamptz null,
      "version" int not null default 1,
      constraint "complaint_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_state_index" on "ra"."complaint" ("state");`);
    this.addSql(`create index "complaint_complainant_user_id_index" on "ra"."complaint" ("complainant_user_id");`);
    this.addSql(`create index "complaint_received_at_index" on "ra"."complaint" ("received_at");`);
    this.addSql(`create table "ra"."consultation" (
      "id" uuid not null,
      "category" text check ("category" in ('certificate_lifecycle', 'security_products_sales', 'security_technology_law')) not null,
      "handler_role" text check ("handler_role" in ('service_agent', 'marketing', 'technician')) not null,
      "channel" text check ("channel" in ('counter', 'phone', 'online')) not null,
      "customer_name" text not null,
      "customer_phone" text null,
      "unit_name" text null,
      "question" text not null,
      "answer" text null,
      "answered_by" text null,
      "received_by" uuid not null,
      "received_at" timestamptz not null,
      "answered_at" timestamptz null,
      "version" int not null default 1,
      constraint "consultation_pkey" primary key ("id"));`);
    this.addSql(`create index "consultation_received_at_index" on "ra"."consultation" ("received_at");`);
    this.addSql(`create table "ra"."consultation_weekly_summary" (
      "id" uuid not null,
      "week_ending" text not null,
      "total" int not null,
      "answered" int not null,
      "by_category" jsonb not null,
      "by_handler_role" jsonb not null,
      "generated_at" timestamptz not null,
      constraint "consultation_weekly_summary_pkey" primary key ("id"));`);
    this.addSql(
      `alter table "ra"."consultation_weekly_summary" add constraint "consultation_weekly_summary_week_ending_unique" unique ("week_ending");`,
    );
    this.addSql(`create table "ra"."on_site_service_order" (
      "id" uuid not null,
      "state" text check ("state" in ('requested', 'scheduled', 'pending', 'solved')) not null default 'requested',
      "customer_name" text not null,
      "customer_phone" text not null,
      "unit_name" text null,
      "address" text not null,
      "problem" text not null,
      "phone_call_id" uuid null,
      "requested_by" uuid not null,
      "requested_at" timestamptz not null,
      "promised_by" timestamptz not null,
      "engineer" text null,
      "appointment_at" timestamptz null,
      "reported_to_superior_at" timestamptz null,
      "cause" text null,
      "solution" text null,
      "solved_at" timestamptz null,
      "version" int not null default 1,
      constraint "on_site_service_order_pkey" primary key ("id"));`);
    this.addSql(`create index "on_site_service_order_state_index" on "ra"."on_site_service_order" ("state");`);
    this.addSql(
      `create index "on_site_service_order_promised_by_index" on "ra"."on_site_service_order" ("promised_by");`,
    );
    this.addSql(`create table "ra"."phone_call" (
      "id" uuid not null,
      "kind" text check ("kind" in ('business_consultation', 'problem')) not null,
      "state" text check ("state" in ('open', 'escalated', 'solved')) not null default 'open',
      "caller_name" text not null,
      "caller_phone" text not null,
      "unit_name" text null,
      "description" text not null,
      "handbook_reference" text null,
      "solution" text null,
      "agent_id" uuid not null,
      "technician" text null,
      "received_at" timestamptz not null,
      "escalated_at" timestamptz null,
      "solved_at" timestamptz null,
      "version" int not null default 1,
      constraint "phone_call_pkey" primary key ("id"));`);
    this.addSql(`create index "phone_call_state_index" on "ra"."phone_call" ("state");`);
    this.addSql(`create index "phone_call_received_at_index" on "ra"."phone_call" ("received_at");`);
    this.addSql(`create table "ra"."phone_follow_up" (
      "id" uuid not null,
      "call_id" uuid not null,
      "note" text not null,
      "recorded_by" uuid not null,
      "recorded_at" timestamptz not null,
      constraint "phone_follow_up_pkey" primary key ("id"));`);
    this.addSql(`create index "phone_follow_up_call_id_index" on "ra"."phone_follow_up" ("call_id");`);
    this.addSql(`create table "ra"."satisfaction_survey" (
      "id" uuid not null,
      "scope" text not null,
      "respondent_name" text not null,
      "unit_name" text null,
      "surveyor_id" uuid not null,
      "on_site_order_id" uuid null,
      "answers" jsonb not null,
      "score" double precision not null,
      "feedback" text null,
      "surveyed_at" timestamptz not null,
      constraint "satisfaction_survey_pkey" primary key ("id"));`);
    this.addSql(`create index "satisfaction_survey_scope_index" on "ra"."satisfaction_survey" ("scope");`);
    this.addSql(`create index "satisfaction_survey_surveyed_at_index" on "ra"."satisfaction_survey" ("surveyed_at");`);
    this.addSql(
      `alter table "ra"."phone_follow_up" add constraint "phone_follow_up_call_id_foreign" foreign key ("call_id") references "ra"."phone_call" ("id") on update cascade on delete cascade;`,
    );
  }
}
