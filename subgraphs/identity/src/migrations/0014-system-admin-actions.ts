import { Migration } from '@mikro-orm/migrations';

/**
 * Administrators' actions on business systems (ID-17) name the system in a column of their own,
 * so a system's history is listed like a user's; the older rows kept the code in `detail`.
 */
export class SystemAdminActions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."admin_action" add column "system_code" text null;`);
    this.addSql(
      `update "identity"."admin_action" set "system_code" = "detail", "detail" = null where "action" in ('register_system', 'rotate_system_secret', 'system_active', 'system_suspended', 'system_retired');`,
    );
    this.addSql(`create index "admin_action_system_code_at_index" on "identity"."admin_action" ("system_code", "at");`);
  }
}
