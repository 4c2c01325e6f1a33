import { Migration } from '@mikro-orm/migrations';

/**
 * CT-1: the DNS names a server certificate application asks for and the subscriber's mailbox, both
 * sent with the enrollment; RA-4: the RFC 5280 reason a revocation application gives.
 */
export class ApplicationNames extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "ra"."certificate_application" add column "dns_names" jsonb not null default '[]', add column "email" text null, add column "revocation_reason" text null;`,
    );
    this.addSql(
      `alter table "ra"."certificate_application" add constraint "certificate_application_revocation_reason_check" check("revocation_reason" in ('unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'));`,
    );
  }
}
