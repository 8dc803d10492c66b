/** A value better-sqlite3 binds. */
export type SqlValue = string | number | null;

/** For each patchable field: its column and how its value is stored. */
export type ColumnMap<T> = { [K in keyof T]-?: { column: string; encode: (value: T[K]) => SqlValue } };

/** Stores a value as is (text, numbers, null). */
export const asIs = (value: string | number | null): SqlValue => value;

/**
 * The `SET` assignments for the fields present in `patch` (undefined means "leave unchanged"), with named
 * parameters prefixed `set_` so callers can add their own. Only columns from `columns` ever reach the SQL.
 */
export function setClause<T>(patch: Partial<T>, columns: ColumnMap<T>): { sql: string[]; params: Record<string, SqlValue> } {
  const sql: string[] = [];
  const params: Record<string, SqlValue> = {};
  for (const key of Object.keys(columns) as (keyof T)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const { column, encode } = columns[key];
    sql.push(`${column} = @set_${column}`);
    params[`set_${column}`] = encode(value as T[keyof T]);
  }
  return { sql, params };
}
