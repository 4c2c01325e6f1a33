import { Migration } from '@mikro-orm/migrations';

export class StaffSecondFactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."user" add column "totp_secret_sealed" text null;`);
  }
}
