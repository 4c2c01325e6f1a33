import { Migration } from '@mikro-orm/migrations';

/** EKeys by holder (CT-3): the staff query lists a person's media. */
export class EKeyHolderIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "ekey_holder_user_id_index" on "certificate"."ekey" ("holder_user_id");`);
  }
}
