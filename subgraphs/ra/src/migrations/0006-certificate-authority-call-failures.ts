import { Migration } from '@mikro-orm/migrations';

/**
 * RA item 12: a call the certificate subgraph refuses for good stops retrying and waits, `failed`,
 * for an administrator to retry or settle it (with the reason in the operation log's new `detail`).
 */
export class CertificateAuthorityCallFailures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ra"."operation_log_entry" add column "detail" text null;`);
    this.addSql(
      `alter table "ra"."outbox_message" add column "state" text check ("state" in ('pending', 'delivered', 'failed', 'settled')) not null default 'pending', add column "last_error_code" text null, add column "failed_at" timestamptz null, add column "settled_at" timestamptz null, add column "settled_by" text null, add column "settlement_reason" text null;`,
    );
    this.addSql(`update "ra"."outbox_message" set "state" = 'delivered' where "delivered_at" is not null;`);
  }
}
