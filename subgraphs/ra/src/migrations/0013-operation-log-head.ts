import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 16 goal 6 (RA-14): the operation log's head in a row of its own, so that an append is one
 * statement (the head's row lock instead of an advisory lock and a read of the newest entry). Starts
 * at the newest entry's hash, or the genesis hash for an empty log.
 */
export class OperationLogHead extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "ra"."operation_log_head" ("id" smallint not null, "previous_hash" text not null, "hash" text not null, constraint "operation_log_head_pkey" primary key ("id"));`,
    );
    this.addSql(`insert into "ra"."operation_log_head" ("id", "previous_hash", "hash")
      select 1, coalesce(last.previous_hash, repeat('0', 64)), coalesce(last.hash, repeat('0', 64))
      from (select 1) one
      left join (select previous_hash, hash from "ra"."operation_log_entry" order by sequence desc limit 1) last on true;`);
  }
}
