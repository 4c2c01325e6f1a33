import { Migration } from '@mikro-orm/migrations';

/**
 * Signing keys get a lifecycle (`next` → `active` → `retiring` → `retired`) and their private
 * halves are sealed (`private_key_sealed`, under DATA_ENCRYPTION_KEYS). SQL cannot seal: the
 * clear `private_jwk` of keys that still sign or verify is sealed by identity at start (in
 * `SigningKeys.ensure`), which empties the column; retired keys lose theirs here.
 */
export class SigningKeyLifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."signing_key"
      alter column "private_jwk" drop not null,
      add column "private_key_sealed" text null,
      add column "state" text check ("state" in ('next', 'active', 'retiring', 'retired')) null,
      add column "activate_at" timestamptz null,
      add column "retiring_at" timestamptz null;`);
    this.addSql(`update "identity"."signing_key" set
      "activate_at" = "created_at",
      "state" = case
        when "retired_at" is not null then 'retired'
        when "kid" = (select "kid" from "identity"."signing_key" where "retired_at" is null order by "created_at" desc limit 1) then 'active'
        else 'retiring' end,
      "retiring_at" = case
        when "retired_at" is null and "kid" <> (select "kid" from "identity"."signing_key" where "retired_at" is null order by "created_at" desc limit 1) then now()
        end;`);
    this.addSql(`update "identity"."signing_key" set "private_jwk" = null where "state" = 'retired';`);
    this.addSql(`alter table "identity"."signing_key"
      alter column "state" set not null,
      alter column "activate_at" set not null;`);
    this.addSql(`create index "signing_key_state_index" on "identity"."signing_key" ("state");`);
  }
}
