import { Migration } from '@mikro-orm/migrations';

/**
 * CA hierarchies and issuing-CA generations (issue 13 item 6, issue 14 item 1): every CA belongs to a
 * hierarchy (today's become `international`, generation 1, names and URLs unchanged); a rollover adds
 * the next generation of a hierarchy's issuing CA and retires the one before, which keeps publishing
 * its CRL and answering OCSP until its last certificate expires. One active issuing CA per hierarchy.
 */
export class CaHierarchies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "certificate"."certificate_authority"
      add column "hierarchy" text not null default 'international',
      add column "generation" int not null default 1,
      add column "retired_at" timestamptz null,
      add column "created_by" text null;`);
    this.addSql(`alter table "certificate"."certificate_authority"
      add constraint "certificate_authority_hierarchy_role_generation_unique" unique ("hierarchy", "role", "generation");`);
    this.addSql(`create unique index "certificate_authority_active_issuing_unique" on "certificate"."certificate_authority"
      ("hierarchy") where "role" = 'issuing' and "retired_at" is null;`);
    // A retired CA publishes until its last certificate expires: that is the latest notAfter it signed.
    this.addSql(`create index "certificate_authority_id_not_after_index" on "certificate"."certificate"
      ("authority_id", "not_after");`);
  }
}
