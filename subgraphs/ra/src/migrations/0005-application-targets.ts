import { Migration } from '@mikro-orm/migrations';

/**
 * What acting applications work on: the lost certificate a reissue voids (RA-7), the EKey an unlock
 * resets (RA-6), the validity end of a suspended certificate and the revocation reviews the RA opens
 * for suspensions outliving it (RA-5); and the outbox call that unlocks an EKey.
 */
export class ApplicationTargets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ra"."outbox_message" drop constraint if exists "outbox_message_kind_check";`);
    this.addSql(
      `alter table "ra"."outbox_message" add constraint "outbox_message_kind_check" check("kind" in ('create_enrollment', 'revoke_certificate', 'suspend_certificate', 'release_certificate', 'unlock_ekey'));`,
    );
    this.addSql(
      `alter table "ra"."certificate_application" add column "replaced_certificate_id" uuid null, add column "medium_serial_number" text null, add column "certificate_not_after" timestamptz null, add column "review_of" uuid null;`,
    );
    this.addSql(
      `alter table "ra"."certificate_application" add constraint "certificate_application_review_of_unique" unique ("review_of");`,
    );
  }
}
