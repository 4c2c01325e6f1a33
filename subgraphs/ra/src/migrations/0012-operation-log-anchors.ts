import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15 item 4 (RA-14): time-stamp anchors of the operation log's head, from the certificate subgraph's TSA,
 * append-only like the log itself.
 */
export class OperationLogAnchors extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ra"."operation_log_anchor" (
      "id" uuid not null,
      "sequence" bigint not null,
      "head_hash" text not null,
      "token" bytea not null,
      "gen_time" timestamptz not null,
      "tsa_serial_number" text not null,
      "anchored_by" text not null,
      "created_at" timestamptz not null,
      constraint "operation_log_anchor_pkey" primary key ("id"));`);
    this.addSql(`create index "operation_log_anchor_sequence_index" on "ra"."operation_log_anchor" ("sequence");`);
    this.addSql(
      `create trigger "operation_log_anchor_append_only" before update or delete on "ra"."operation_log_anchor" for each statement execute function "ra"."operation_log_is_append_only"();`,
    );
  }
}
