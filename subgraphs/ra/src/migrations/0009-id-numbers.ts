import { Migration } from '@mikro-orm/migrations';

/**
 * RA-14: the applicant's or the unit officer's ID number, sealed on the application with its keyed
 * hash and mask; the operation log records the mask and the keyed hash (in its hash chain).
 */
export class IdNumbers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "ra"."certificate_application" add column "id_number_sealed" text null, add column "id_number_index" text null, add column "id_number_masked" text null;`,
    );
    this.addSql(
      `create index "certificate_application_id_number_index_index" on "ra"."certificate_application" ("id_number_index");`,
    );
    this.addSql(`alter table "ra"."operation_log_entry" add column "id_number_index" text null;`);
    this.addSql(
      `create index "operation_log_entry_id_number_index_index" on "ra"."operation_log_entry" ("id_number_index");`,
    );
  }
}
