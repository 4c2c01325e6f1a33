import { Migration } from '@mikro-orm/migrations';

/** The CA: hierarchy, sealed software keys, issued DER, revocation status and history, CRLs, OCSP responders, enrollments, EKeys. */
export class CertificateAuthorityTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "certificate"."certificate"
      add column "authority_id" uuid null,
      add column "der" bytea null,
      add column "issued_at" timestamptz null,
      add column "revoked_at" timestamptz null,
      add column "revocation_reason" text null;`);
    // CRLs list only the revoked certificates of one CA: keep that scan small at any table size.
    this.addSql(`create index "certificate_revoked_index" on "certificate"."certificate" ("authority_id")
      where "revoked_at" is not null;`);

    // CT-2 partial subject search: `ilike '%…%'` is served by a trigram index (pg_trgm is a
    // trusted extension, so the database owner may create it; it lives in public for every schema).
    this.addSql('create extension if not exists pg_trgm with schema public;');
    this.addSql(`create index "certificate_subject_trgm_index" on "certificate"."certificate"
      using gin ("subject" public.gin_trgm_ops);`);

    this.addSql(`create table "certificate"."certificate_authority" (
      "id" uuid not null,
      "name" text not null,
      "role" text check ("role" in ('root', 'issuing')) not null,
      "issuer_id" uuid null,
      "key_backend" text check ("key_backend" in ('software', 'pkcs11')) not null,
      "key_label" text null,
      "algorithm" text not null,
      "certificate_der" bytea not null,
      "not_after" timestamptz not null,
      "last_crl_number" int not null default 0,
      "created_at" timestamptz not null,
      constraint "certificate_authority_pkey" primary key ("id"),
      constraint "certificate_authority_name_unique" unique ("name"));`);

    this.addSql(`create table "certificate"."crl" (
      "id" uuid not null,
      "authority_id" uuid not null,
      "number" int not null,
      "this_update" timestamptz not null,
      "next_update" timestamptz not null,
      "entries" int not null,
      "der" bytea not null,
      "created_at" timestamptz not null,
      constraint "crl_pkey" primary key ("id"),
      constraint "crl_authority_id_number_unique" unique ("authority_id", "number"));`);

    this.addSql(`create table "certificate"."ocsp_responder" (
      "id" uuid not null,
      "authority_id" uuid not null,
      "key_label" text not null,
      "algorithm" text not null,
      "certificate_der" bytea not null,
      "not_after" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "ocsp_responder_pkey" primary key ("id"));`);
    this.addSql(`create index "ocsp_responder_authority_id_index" on "certificate"."ocsp_responder" ("authority_id");`);

    this.addSql(`create table "certificate"."revocation_event" (
      "id" uuid not null,
      "certificate_id" uuid not null,
      "action" text check ("action" in ('revoke', 'suspend', 'release')) not null,
      "reason" text null,
      "actor" text not null,
      "at" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "revocation_event_pkey" primary key ("id"));`);
    this.addSql(
      `create index "revocation_event_certificate_id_index" on "certificate"."revocation_event" ("certificate_id");`,
    );

    this.addSql(`create table "certificate"."enrollment" (
      "id" uuid not null,
      "reference_code" text not null,
      "authorization_code_hash" bytea not null,
      "kind" text check ("kind" in ('personal', 'organization', 'server')) not null,
      "usage" text check ("usage" in ('signing', 'encryption')) not null,
      "subject" text not null,
      "dns_names" jsonb not null,
      "holder_user_id" uuid null,
      "validity_days" int not null,
      "application_reference" text null,
      "certificate_id" uuid not null,
      "created_by" text not null,
      "expires_at" timestamptz not null,
      "failed_attempts" int not null default 0,
      "redeemed_at" timestamptz null,
      "created_at" timestamptz not null,
      constraint "enrollment_pkey" primary key ("id"),
      constraint "enrollment_reference_code_unique" unique ("reference_code"));`);
    this.addSql(`create unique index "enrollment_application_reference_unique" on "certificate"."enrollment"
      ("application_reference") where "application_reference" is not null;`);

    this.addSql(`create table "certificate"."ekey" (
      "id" uuid not null,
      "serial_number" text not null,
      "model" text not null,
      "purchased_on" date not null,
      "warranty_ends_on" date not null,
      "holder_user_id" uuid null,
      "pin_failures" int not null default 0,
      "locked_at" timestamptz null,
      "last_unlock_application" text null,
      "created_at" timestamptz not null,
      constraint "ekey_pkey" primary key ("id"),
      constraint "ekey_serial_number_unique" unique ("serial_number"));`);

    this.addSql(`create table "certificate"."sealed_key" (
      "label" text not null,
      "algorithm" text not null,
      "iv" bytea not null,
      "tag" bytea not null,
      "ciphertext" bytea not null,
      "created_at" timestamptz not null,
      constraint "sealed_key_pkey" primary key ("label"));`);
  }
}
