import { Migration } from '@mikro-orm/migrations';

/** RA item 5: the document sweep asks which files rows still name, by their SHA-256. */
export class DocumentHashIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "application_document_sha256_index" on "ra"."application_document" ("sha256");`);
  }
}
