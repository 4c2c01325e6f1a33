import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15, EKey sign-in in the browser: a challenge carries at most one report of a PIN the EKey
 * checked (CT-3), so an anonymous page reports the attempts of its own sign-in and no more.
 */
export class CertificateSignInPinReports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."certificate_challenge" add column "pin_reported_at" timestamptz null;`);
  }
}
