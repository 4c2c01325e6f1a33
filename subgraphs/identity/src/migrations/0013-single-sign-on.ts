import { Migration } from '@mikro-orm/migrations';

/**
 * Single sign-on (OpenID Connect): business systems get their client settings; the provider's
 * state (`oidc_record`), the systems each platform session signed in to (`system_sign_in`) and
 * the back-channel logout outbox and the audit of issued tokens live in the identity schema, shared by every replica.
 */
export class SingleSignOn extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."application_system"
      add column "redirect_uris" text[] not null default '{}',
      add column "post_logout_redirect_uris" text[] not null default '{}',
      add column "backchannel_logout_uri" text null,
      add column "token_endpoint_auth_method" text check ("token_endpoint_auth_method" in ('client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none')) not null default 'client_secret_basic',
      add column "jwks_uri" text null,
      add column "jwks" jsonb null,
      add column "requires_real_name" boolean not null default false,
      add column "consent_required" boolean not null default true,
      add column "pairwise_subject" boolean not null default false,
      add column "access_token_ttl_seconds" int not null default 600,
      add column "id_token_ttl_seconds" int not null default 600,
      add column "refresh_token_ttl_seconds" int not null default 28800;`);

    this.addSql(`alter table "identity"."session" add column "sso_uid" text null;`);
    this.addSql(`alter table "identity"."session" add constraint "session_sso_uid_unique" unique ("sso_uid");`);

    this.addSql(
      `create table "identity"."oidc_record" ("model" text not null, "id" text not null, "payload" jsonb not null, "grant_id" text null, "uid" text null, "user_code" text null, "expires_at" timestamptz null, "consumed_at" timestamptz null, constraint "oidc_record_pkey" primary key ("model", "id"));`,
    );
    this.addSql(`create index "oidc_record_grant_id_index" on "identity"."oidc_record" ("grant_id");`);
    this.addSql(`create index "oidc_record_uid_index" on "identity"."oidc_record" ("uid");`);
    this.addSql(`create index "oidc_record_expires_at_index" on "identity"."oidc_record" ("expires_at");`);

    this.addSql(
      `create table "identity"."system_sign_in" ("id" uuid not null, "session_id" uuid not null, "system_code" text not null, "subject" text not null, "sid" text not null, "signed_in_at" timestamptz not null, "last_sign_in_at" timestamptz not null, "ended_at" timestamptz null, constraint "system_sign_in_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "system_sign_in_system_code_index" on "identity"."system_sign_in" ("system_code");`);
    this.addSql(
      `alter table "identity"."system_sign_in" add constraint "system_sign_in_session_id_system_code_unique" unique ("session_id", "system_code");`,
    );
    this.addSql(
      `alter table "identity"."system_sign_in" add constraint "system_sign_in_session_id_foreign" foreign key ("session_id") references "identity"."session" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "identity"."backchannel_logout" ("id" uuid not null, "system_code" text not null, "subject" text not null, "sid" text not null, "session_id" uuid null, "user_id" uuid null, "reason" text not null, "created_at" timestamptz not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "delivered_at" timestamptz null, "abandoned_at" timestamptz null, constraint "backchannel_logout_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "backchannel_logout_system_code_index" on "identity"."backchannel_logout" ("system_code");`,
    );
    this.addSql(
      `create index "backchannel_logout_delivered_at_next_attempt_at_index" on "identity"."backchannel_logout" ("delivered_at", "next_attempt_at");`,
    );

    this.addSql(
      `create table "identity"."issued_token" ("id" uuid not null, "system_code" text not null, "grant_type" text not null, "user_id" uuid null, "scopes" text[] not null, "tokens" text[] not null, "request_id" text null, "issued_at" timestamptz not null, constraint "issued_token_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "issued_token_user_id_index" on "identity"."issued_token" ("user_id");`);
    this.addSql(
      `create index "issued_token_system_code_issued_at_index" on "identity"."issued_token" ("system_code", "issued_at");`,
    );
  }
}
