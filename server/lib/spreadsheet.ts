import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { csvField } from './csv.ts';

/** A sheet as text: the header row and the data rows, each with its row number in the file. */
export interface Table {
  headers: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

export class UnreadableFile extends Error {}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a user typed. Numbers keep their digits; dates become YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
  if (typeof value === 'number') {
    // An 18-digit ID number typed into a number cell has lost its last digits already; say so.
    return Number.isSafeInteger(value) ? String(value) : value.toExponential();
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value).trim();
}

async function readXlsx(buffer: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new UnreadableFile((err as Error).message);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new UnreadableFile('no worksheet');
  const table: Table = { headers: [], rows: [] };
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
    if (table.headers.length === 0) table.headers = cells;
    else if (cells.some((c) => c !== '')) table.rows.push({ row: rowNumber, cells });
  });
  return table;
}

/** UTF-8 (with or without BOM), or GB18030 as Excel saves CSV on Chinese Windows. */
function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

function readCsv(buffer: Buffer): Table {
  let records: string[][];
  try {
    records = parse(decodeText(buffer), { relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    throw new UnreadableFile((err as Error).message);
  }
  const table: Table = { headers: records[0] ?? [], rows: [] };
  records.slice(1).forEach((cells, i) => {
    if (cells.some((c) => c !== '')) table.rows.push({ row: i + 2, cells });
  });
  return table;
}

export function fileKind(filename: string): 'xlsx' | 'csv' | undefined {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

export async function readTable(buffer: Buffer, kind: 'xlsx' | 'csv'): Promise<Table> {
  return kind === 'xlsx' ? readXlsx(buffer) : readCsv(buffer);
}

export interface SheetSpec {
  name: string;
  columns: Array<{ header: string; width?: number; text?: boolean }>;
  /** Text, or a number Excel can sum (a quantity). */
  rows: Array<Array<string | number>>;
}

/** Writes sheets to an .xlsx; `text` columns are formatted as text so Excel keeps long digit strings. */
export async function writeXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gridline';
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.text ? { numFmt: '@' } : {} }));
    ws.getRow(1).font = { bold: true };
    for (const r of spec.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function writeCsv(headers: string[], rows: string[][]): Buffer {
  const text = [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.from('\uFEFF' + text, 'utf8');
}
