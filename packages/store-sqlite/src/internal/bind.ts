/**
 * Named parameters for prepared drizzle statements.
 *
 * @module
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * A named placeholder usable in an update's `set`. At run time drizzle wraps it in a parameter
 * carrying the column's encoder (so JSON columns are serialised); its types only admit values,
 * columns and SQL there, hence the cast.
 */
export function bind(name: string): SQL {
  return sql.placeholder(name) as unknown as SQL;
}
