/**
 * Renders rows as JSON, CSV (RFC 4180) or an escaped HTML table, for the text content of list tools.
 * This is the one CSV writer: every csv text of a tool is built from `toCsv` and `csvNote`.
 */

export type Format = 'json' | 'csv' | 'html';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function columnsOf(rows: Record<string, unknown>[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"; ASVS adds NUL). */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * One CSV field. A number stays as it is (-5.5 is a refund, not a formula); text that starts like a
 * formula (= + - @ tab CR) gets a leading single quote, so that a spreadsheet shows it as text; then
 * RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled.
 */
export function csvField(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = cell(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * RFC 4180: CRLF line ends, every field through `csvField`. The header is the rows' keys, or
 * `columns` when there is no row.
 */
export function toCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = rows.length > 0 || !columns ? columnsOf(rows) : columns;
  const lines = [cols.map(csvField).join(','), ...rows.map((r) => cols.map((c) => csvField(r[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/**
 * A note line around the rows ("3 of 40 rows", a report's caption): one field, `# ` and the text on one
 * line, quoted like any other field, so that nothing in it (a client's name) can leave its cell or row.
 */
export function csvNote(text: string): string {
  return `${csvField(`# ${text.replace(/[\r\n]+/g, ' ')}`)}\r\n`;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function toHtml(rows: Record<string, unknown>[], caption?: string): string {
  const cols = columnsOf(rows);
  const head = `<tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td>${escapeHtml(cell(r[c]))}</td>`).join('')}</tr>`)
    .join('\n');
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : '';
  return `<table>${cap}\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>\n`;
}

/** The text content of a list: the rows in the asked format, with the paging facts around them. */
export function renderList(
  format: Format,
  result: { total: number; count: number; nextCursor: string | null; items: unknown[] } & Record<
    string,
    unknown
  >,
  /** the header when there is no row */
  columns?: string[],
): string {
  const rows = result.items as Record<string, unknown>[];
  if (format === 'json') return JSON.stringify(result);
  const more = result.nextCursor ? `; more rows: call again with cursor "${result.nextCursor}"` : '';
  const note = `${result.count} of ${result.total} rows${more}`;
  return format === 'csv' ? toCsv(rows, columns) + csvNote(note) : toHtml(rows, note);
}
