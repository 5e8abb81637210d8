/**
 * Raw SQL over drizzle tables: a select list from a table's columns, and decoding of raw rows
 * through each column's own driver mapping (JSON, booleans), so hand-written queries return
 * exactly what drizzle's query builder would.
 *
 * @module
 */
import { getTableColumns, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/** `"sql_name" AS "key", …` for every column of `table`, qualified by `alias`. */
export function selectList(table: SQLiteTable, alias: string): string {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => `${alias}."${column.name}" AS "${key}"`)
    .join(', ');
}

/** `"sql_name" AS "key", …` for every column of `table`, unqualified (for `RETURNING`). */
export function columnList(table: SQLiteTable): string {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => `"${column.name}" AS "${key}"`)
    .join(', ');
}

/** Decodes raw rows selected with {@link selectList} into the table's select model. */
export function rowDecoder<T extends SQLiteTable>(
  table: T,
): (raw: Record<string, unknown>) => InferSelectModel<T> {
  const columns = Object.entries(getTableColumns(table));
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[key];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
}
