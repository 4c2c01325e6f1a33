import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15, certificate sign-in: the challenges a client signs (single use, short-lived, shared by the
 * replicas, bound to an OpenID Connect interaction or to the web sign-in), and insured units as accounts
 * of their own kind, keyed by their social-insurance number.
 */
export class CertificateSignIn extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "identity"."certificate_challenge" ("id" uuid not null, "challenge" text not null, "interaction_uid" text null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "spent_at" timestamptz null, constraint "certificate_challenge_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "certificate_challenge_expires_at_index" on "identity"."certificate_challenge" ("expires_at");`,
    );
    this.addSql(`alter table "identity"."user" drop constraint "user_kind_check";`);
    this.addSql(
      `alter table "identity"."user" add constraint "user_kind_check" check ("kind" in ('citizen', 'staff', 'unit'));`,
    );
    this.addSql(
      `alter table "identity"."user" add column "unit_insurance_number" text null, add column "unit_credit_code" text null;`,
    );
    this.addSql(
      `create unique index "user_unit_insurance_number_unique" on "identity"."user" ("unit_insurance_number") where "kind" = 'unit';`,
    );
  }
}
