/**
 * The text of a turn that full-text search sees, as SQL over its JSON columns: the user's input
 * text (not developer or system text) and the assistant's message text. The same expressions are
 * in the migrations that index turns (`drizzle/0001_…`, `drizzle/0002_…`); keep them in step.
 *
 * @module
 */

/** The user's input text of the `request` JSON column `column`, words joined by spaces. */
export function inputTextSql(column: string): string {
  return `(SELECT group_concat(t.value, ' ') FROM json_each(${column}, '$.input') AS i, json_tree(i.value) AS t
    WHERE coalesce(json_extract(i.value, '$.role'), 'user') = 'user'
      AND t.type = 'text' AND t.key IN ('text', 'content'))`;
}

/** The assistant's message text of the `output` JSON column `column`. */
export function outputTextSql(column: string): string {
  return `(SELECT group_concat(t.value, ' ') FROM json_each(${column}) AS o, json_tree(o.value, '$.content') AS t
    WHERE json_extract(o.value, '$.type') = 'message' AND t.type = 'text' AND t.key = 'text')`;
}
