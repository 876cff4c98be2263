/** Portable `LIKE` matching of user text: its wildcards match themselves. */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** `%text%`, with `%`, `_` and the escape character `\` of the text escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `expression like '%text%' escape '\'`: true when the expression contains the text as it is written. */
export function contains(expression: RawBuilder<unknown> | string, text: string): RawBuilder<SqlBool> {
  const left = typeof expression === 'string' ? sql.ref(expression) : expression;
  return sql<SqlBool>`${left} like ${containsPattern(text)} escape '\\'`;
}
