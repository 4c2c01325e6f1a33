import { Migration } from '@mikro-orm/migrations';

/**
 * Captchas become stateless (their id carries a keyed hash of the answer), so the table of issued
 * challenges goes; what stays is the list of challenges already answered, which keeps them single
 * use. Challenges issued before the upgrade are no longer accepted: a user asks for a new image.
 */
export class StatelessCaptcha extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop table "identity"."captcha_challenge";`);
    this.addSql(`create table "identity"."spent_captcha" (
      "nonce" uuid not null,
      "expires_at" timestamptz not null,
      constraint "spent_captcha_pkey" primary key ("nonce"));`);
    this.addSql(`create index "spent_captcha_expires_at_index" on "identity"."spent_captcha" ("expires_at");`);
  }
}
