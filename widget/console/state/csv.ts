/** A table cell as exported: text as shown, or a number; null is an empty cell. */
export type CsvCell = string | number | null;

/**
 * RFC 4180 CSV (CRLF, quotes doubled). A text cell that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start) gets a leading apostrophe: agent and shopper names end up in these files.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  const cell = (c: CsvCell): string => {
    if (c === null) return '';
    if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
    const text = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A file name safe on every OS: the table's name and the period, e.g. `parley-agents-2026-11-25_2026-12-02.csv`. */
export function csvFileName(table: string, from: number, to: number): string {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return `parley-${table.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}-${day(from)}_${day(to)}.csv`;
}

/** Saves CSV text as a download; the BOM makes Excel read it as UTF-8 (Chinese names stay readable). */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next task: Chromium starts the download from the click, asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
