import { Migration } from '@mikro-orm/migrations';

/** Issue 14 item 6: the key algorithms an EKey supports; media already recorded are international. */
export class EKeyAlgorithms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "certificate"."ekey" add column "algorithms" jsonb not null default '["rsa","ecc"]';`);
  }
}
