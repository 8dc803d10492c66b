/**
 * Readers for the labelled files `npm run eval` accepts: CSV `text,label` (BANKING77's layout, any
 * header) and CLINC150's `data_full.json` with its in-scope and `oos_*` splits (label `oos`).
 */
import { readFile } from 'node:fs/promises';
import type { LabelledText } from '../../server/bot/train-intent-classifier';

/** The label of out-of-scope items. */
export const OOS = 'oos';

export interface ClincSplits {
  train: LabelledText[];
  val: LabelledText[];
  test: LabelledText[];
  oosVal: LabelledText[];
  oosTest: LabelledText[];
}

/** Reads a CSV of `text,label` rows (first row is a header). */
export async function readCsv(file: string): Promise<LabelledText[]> {
  const rows = parseCsv(await readFile(file, 'utf8'));
  return rows.slice(1).filter((r) => r.length >= 2 && r[0] !== '').map((r) => ({ text: r[0] as string, label: r[1] as string }));
}

/** Reads CLINC150's data_full.json. */
export async function readClinc(file: string): Promise<ClincSplits> {
  const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, [string, string][]>;
  const split = (name: string): LabelledText[] =>
    (data[name] ?? []).map(([text, label]) => ({ text, label: name.startsWith('oos_') ? OOS : label }));
  return { train: split('train'), val: split('val'), test: split('test'), oosVal: split('oos_val'), oosTest: split('oos_test') };
}

/** Minimal RFC 4180 parser: quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (isQuoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') isQuoted = false;
      else field += ch;
    } else if (ch === '"') isQuoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
