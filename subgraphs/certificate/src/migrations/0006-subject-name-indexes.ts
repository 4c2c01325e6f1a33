import { Migration } from '@mikro-orm/migrations';

/**
 * The exact status query matches a person's or a unit's name (CT-2): the subject's CN or O, its
 * RFC 4514 escapes undone, indexed as expressions so the match is a lookup, not a scan.
 */
export class SubjectNameIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "certificate_subject_cn_index" on "certificate"."certificate" ((regexp_replace((regexp_match("subject", '(^|[,+])\\s*CN=(([^,+\\\\]|\\\\.)*)'))[2], '\\\\(.)', '\\1', 'g')));`,
    );
    this.addSql(
      `create index "certificate_subject_o_index" on "certificate"."certificate" ((regexp_replace((regexp_match("subject", '(^|[,+])\\s*O=(([^,+\\\\]|\\\\.)*)'))[2], '\\\\(.)', '\\1', 'g')));`,
    );
  }
}
