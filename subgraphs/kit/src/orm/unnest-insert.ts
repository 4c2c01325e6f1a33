import { type EntityClass, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { asynchronousCommit, executePrepared } from './prepared-statement';

/** A column of the insert: where its value comes from and how PostgreSQL reads the array of them. */
interface Column {
  property: EntityProperty;
  field: string;
  /** The array type the parameter is cast to, e.g. `uuid[]`. */
  arrayType: string;
  /** Whether the column has a database default, which an absent value must leave to work. */
  defaulted: boolean;
  /** A `timestamptz` column: a point in time whatever the session's time zone. */
  instant: boolean;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * New rows of one entity written by ONE prepared statement, whatever their number: `INSERT ... SELECT FROM
 * unnest($1::uuid[], $2::text[], ...)`, a parameter per column holding the batch's values. PostgreSQL parses and
 * plans it once per connection; the ORM's multi-row insert is a new text for every batch size and, with
 * asynchronous commit, a transaction of four round trips (begin, set, insert, commit) where this is one.
 * Entities whose columns are all plain scalars qualify (`plan` answers undefined for the others: relations,
 * embeddables, arrays, whose `unnest` would flatten). Values go through the property's custom type as the ORM
 * sends them; an absent value leaves a column with a database default to it (`partition` groups rows by the
 * columns they fill).
 */
export class UnnestInsert<T extends object> {
  private constructor(
    private readonly table: string,
    private readonly columns: Column[],
    private readonly asynchronous: boolean,
  ) {}

  /** The statement plan for `entity`, or undefined when its rows need the ORM's own insert. */
  static plan<T extends object>(
    em: EntityManager,
    entity: EntityClass<T>,
    options: { asynchronousCommit: boolean },
  ): UnnestInsert<T> | undefined {
    const meta = em.getMetadata().find(entity.name);
    if (!meta || meta.embeddable || meta.virtual || meta.discriminatorColumn) return undefined;
    const columns: Column[] = [];
    for (const property of meta.props) {
      if (property.persist === false || property.formula) continue;
      const [field, ...moreFields] = property.fieldNames ?? [];
      const [columnType, ...moreTypes] = property.columnTypes ?? [];
      const plain =
        property.kind === ReferenceKind.SCALAR &&
        !property.array &&
        !property.version &&
        field !== undefined &&
        columnType !== undefined &&
        moreFields.length === 0 &&
        moreTypes.length === 0 &&
        !columnType.includes('[');
      if (!plain) return undefined;
      columns.push({
        property,
        field,
        arrayType: `${columnType}[]`,
        defaulted: property.default !== undefined || property.defaultRaw !== undefined,
        instant: /^timestamptz\b|^timestamp(\(\d\))? with time zone$/.test(columnType),
      });
    }
    const schema = meta.schema ?? (em.config.get('schema') as string | undefined);
    const table = schema ? `${quoted(schema)}.${quoted(meta.tableName)}` : quoted(meta.tableName);
    return new UnnestInsert<T>(table, columns, options.asynchronousCommit);
  }

  /**
   * `items` split by the columns their rows fill (a column with a database default is left out where the row has
   * no value): each part is written by one atomic statement. One part for rows alike.
   */
  partition<I>(items: I[], rowOf: (item: I) => T): I[][] {
    const parts = new Map<string, I[]>();
    for (const item of items) {
      const key = this.filled(rowOf(item))
        .map((column) => column.field)
        .join(',');
      const part = parts.get(key);
      if (part) part.push(item);
      else parts.set(key, [item]);
    }
    return [...parts.values()];
  }

  /** Inserts `rows`, which fill the same columns (one part of `partition`), in one statement. */
  async insert(em: EntityManager, rows: T[]): Promise<void> {
    const [first] = rows;
    if (!first) return;
    const platform = em.getPlatform();
    const columns = this.filled(first);
    const values = columns.map((column) =>
      rows.map((row) => {
        const value = (row as Record<string, unknown>)[column.property.name];
        const { customType } = column.property;
        if (value == null) return null;
        // An instant as ISO text: what PostgreSQL reads for timestamptz, cheaper than pg's local-time rendering.
        if (column.instant && value instanceof Date) return value.toISOString();
        return customType
          ? customType.convertToDatabaseValue(value, platform, { mode: 'query', key: column.property.name })
          : value;
      }),
    );
    const fields = columns.map((column) => quoted(column.field)).join(', ');
    const arrays = columns.map((column) => `?::${column.arrayType}`).join(', ');
    const from = this.asynchronous ? `unnest(${arrays}) as "row", ${asynchronousCommit}` : `unnest(${arrays}) as "row"`;
    await executePrepared(em, {
      sql: `insert into ${this.table} (${fields}) select "row".* from ${from}`,
      params: values,
    });
  }

  private filled(row: T): Column[] {
    const record = row as Record<string, unknown>;
    return this.columns.filter((column) => !(column.defaulted && record[column.property.name] === undefined));
  }
}
