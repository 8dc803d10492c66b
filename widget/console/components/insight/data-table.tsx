import type { ComponentChildren } from 'preact';
import { useI18n } from '../../i18n/i18n-context';
import { csvFileName, downloadCsv, toCsv, type CsvCell } from '../../state/csv';

export interface Column {
  label: string;
  isNumeric?: boolean;
}

interface Props {
  id: string;
  title: string;
  columns: Column[];
  /** Cells as shown; the CSV holds exactly these. */
  rows: CsvCell[][];
  period: { from: number; to: number };
  /** Optional per-row class (e.g. an off-target row). */
  rowClass?: (index: number) => string;
  empty?: ComponentChildren;
}

/** A dashboard table with its "Export CSV" button: the file is what the table shows, header included. */
export function DataTable({ id, title, columns, rows, period, rowClass, empty }: Props) {
  const { t } = useI18n();
  const exportCsv = (): void => downloadCsv(csvFileName(id, period.from, period.to), toCsv([columns.map((c) => c.label), ...rows]));
  return (
    <section class="card insight-table" data-testid={`table-${id}`}>
      <div class="card-head">
        <h3>{title}</h3>
        <button type="button" class="btn btn-small" data-testid={`csv-${id}`} aria-label={t('insight.csvLabel', { table: title })} onClick={exportCsv}>
          {t('insight.csv')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p class="muted">{empty ?? t('insight.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col" class={c.isNumeric ? 'num' : ''}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr class={rowClass?.(i) ?? ''}>
                  {r.map((cell, j) => (j === 0 ? <th scope="row">{cell}</th> : <td class={columns[j]?.isNumeric ? 'num' : ''}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
