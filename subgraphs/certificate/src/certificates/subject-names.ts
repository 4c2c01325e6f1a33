/** The subject attributes that name a certificate's subscriber: a person's name, a unit's name (CT-2). */
export type SubjectNameAttribute = 'CN' | 'O';

/**
 * SQL for the first value of `attribute` in the stored subject DN (RFC 4514 string, e.g.
 * `CN=张三,OU=个人证书,C=CN`), with its escapes undone (`O=Acme\, Ltd` gives `Acme, Ltd`), or null.
 * The entity indexes it and the exact status query compares it, so both must use this text.
 */
export function subjectAttributeSql(attribute: SubjectNameAttribute, column = '"subject"'): string {
  // No `?` in it (the query builder would take one for a parameter): group 2 is the value.
  return `regexp_replace((regexp_match(${column}, '(^|[,+])\\s*${attribute}=(([^,+\\\\]|\\\\.)*)'))[2], '\\\\(.)', '\\1', 'g')`;
}
