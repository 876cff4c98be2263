/** Renders rows as JSON, CSV (RFC 4180) or an escaped HTML table, for the text content of list tools. */

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

/** RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const cols = columnsOf(rows);
  const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [cols.map(esc).join(','), ...rows.map((r) => cols.map((c) => esc(cell(r[c]))).join(','))];
  return lines.join('\r\n') + '\r\n';
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
): string {
  const rows = result.items as Record<string, unknown>[];
  if (format === 'json') return JSON.stringify(result);
  const more = result.nextCursor ? `; more rows: call again with cursor "${result.nextCursor}"` : '';
  const note = `${result.count} of ${result.total} rows${more}`;
  return format === 'csv' ? `${toCsv(rows)}` + `# ${note}\r\n` : toHtml(rows, note);
}
