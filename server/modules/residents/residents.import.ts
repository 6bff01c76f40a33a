import { MOBILE_RE, normaliseIdNumber, parseIdNumber } from '../../../contracts/idcard.ts';
import type { Locale } from '../../../contracts/common.ts';
import type { TImportRowError } from '../../../contracts/residents.ts';
import { t, type MessageKey, type MessageParams } from '../../i18n.ts';
import type { Table } from '../../lib/spreadsheet.ts';

/**
 * The residents file: Chinese headers (English ones are accepted too), one row per resident.
 * Pure: validation needs only the file and the region names in the importer's scope.
 */
export const RESIDENT_COLUMNS = [
  { key: 'name', header: '姓名', aliases: ['name'], required: true, example: '陈小明' },
  { key: 'idNumber', header: '身份证号', aliases: ['id_number', '公民身份号码'], required: true, example: '440902199001011233' },
  { key: 'gender', header: '性别', aliases: ['gender'], required: false, example: '男' },
  { key: 'birthDate', header: '出生日期', aliases: ['birth_date'], required: false, example: '1990-01-01' },
  { key: 'phone', header: '手机号', aliases: ['phone', '联系电话'], required: false, example: '13812345678' },
  { key: 'town', header: '镇街', aliases: ['town', '镇/街道'], required: true, example: '站前街道' },
  { key: 'community', header: '村社区', aliases: ['community', '村/社区'], required: true, example: '恒福社区' },
  { key: 'grid', header: '网格', aliases: ['grid'], required: true, example: '第1网格' },
  { key: 'building', header: '楼栋', aliases: ['building'], required: true, example: '恒福尚城1栋' },
  { key: 'door', header: '门牌号', aliases: ['door', '户号'], required: true, example: '101' },
  { key: 'specialGroups', header: '特殊人群', aliases: ['special_groups'], required: false, example: '独居老人、慢性病' },
] as const;
type ResidentKey = (typeof RESIDENT_COLUMNS)[number]['key'];

export const SPECIAL_GROUP_LABELS: Record<string, string> = {
  独居老人: 'elderly_alone',
  卧床: 'bedridden',
  卧床不起: 'bedridden',
  残疾: 'disabled',
  残疾人: 'disabled',
  孕妇: 'pregnant',
  孕产妇: 'pregnant',
  慢性病: 'chronic_ill',
  重病: 'chronic_ill',
  elderly_alone: 'elderly_alone',
  bedridden: 'bedridden',
  disabled: 'disabled',
  pregnant: 'pregnant',
  chronic_ill: 'chronic_ill',
};

export const REGION_COLUMNS = [
  { key: 'town', header: '镇街', aliases: ['town', '镇/街道'], required: true, example: '站前街道' },
  { key: 'community', header: '村社区', aliases: ['community', '村/社区'], required: true, example: '恒福社区' },
  { key: 'grid', header: '网格', aliases: ['grid'], required: true, example: '第1网格' },
  { key: 'gridCode', header: '网格编码', aliases: ['grid_code'], required: false, example: '44090200100101' },
] as const;
type RegionKey = (typeof REGION_COLUMNS)[number]['key'];

type ColumnSpec = { key: string; header: string; aliases: readonly string[]; required: boolean };

export class MissingColumns extends Error {
  constructor(readonly columns: string[]) {
    super('missing_columns');
  }
}

/** Finds each known column in the header row; throws MissingColumns naming the required ones absent. */
export function mapColumns<K extends string>(headers: string[], specs: ReadonlyArray<ColumnSpec & { key: K }>): Record<K, number> {
  const norm = (s: string) => s.replace(/[\s*＊]/g, '').toLowerCase();
  const index = new Map(headers.map((h, i) => [norm(h), i]));
  const out = {} as Record<K, number>;
  const missing: string[] = [];
  for (const spec of specs) {
    const i = [spec.header, ...spec.aliases].map((n) => index.get(norm(n))).find((x) => x !== undefined);
    if (i === undefined && spec.required) missing.push(spec.header);
    out[spec.key] = i ?? -1;
  }
  if (missing.length) throw new MissingColumns(missing);
  return out;
}

/** Region names in the importer's scope, for resolving the 镇街 / 村社区 / 网格 columns. */
export interface RegionIndex {
  town(name: string): { id: number } | undefined;
  community(townId: number, name: string): { id: number } | undefined;
  grid(communityId: number, name: string): { id: number } | undefined;
}

export function regionIndex(rows: ReadonlyArray<{ id: number; parentId: number | null; level: string; name: string }>): RegionIndex {
  const byParent = new Map<string, { id: number }>();
  const towns = new Map<string, { id: number }>();
  for (const r of rows) {
    if (r.level === 'town') towns.set(r.name, r);
    if (r.parentId !== null) byParent.set(`${r.parentId}/${r.name}`, r);
  }
  return {
    town: (name) => towns.get(name),
    community: (townId, name) => byParent.get(`${townId}/${name}`),
    grid: (communityId, name) => byParent.get(`${communityId}/${name}`),
  };
}

export interface ValidResident {
  row: number;
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  gridId: number;
  building: string;
  door: string;
  specialGroups: string[];
}

/** Each row of a sheet with `cell(key)` to read a column and `bad(key, reason)` to report a problem in it. */
function checkRows<K extends string>(table: Table, specs: ReadonlyArray<ColumnSpec & { key: K }>, locale: Locale) {
  const col = mapColumns<K>(table.headers, specs);
  const errors: TImportRowError[] = [];
  const rows = table.rows.map(({ row, cells }) => {
    const cell = (k: K) => (col[k] >= 0 ? (cells[col[k]] ?? '').trim() : '');
    const bad = (k: K, key: MessageKey, params?: MessageParams) =>
      errors.push({ row, column: col[k] >= 0 ? table.headers[col[k]] : specs.find((c) => c.key === k)!.header, value: cell(k), reason: t(locale, key, params) });
    return { row, cell, bad };
  });
  return { rows, errors };
}

const GENDER: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F', m: 'M', f: 'F', male: 'M', female: 'F' };

/** Checks every row; returns the valid rows and every problem found (a file with any problem imports nothing). */
export function validateResidents(table: Table, regions: RegionIndex, locale: Locale, today = new Date()) {
  const { rows, errors } = checkRows<ResidentKey>(table, RESIDENT_COLUMNS, locale);
  const valid: ValidResident[] = [];
  const seen = new Map<string, number>();
  const todayIso = today.toISOString().slice(0, 10);

  for (const { row, cell, bad } of rows) {
    const before = errors.length;

    for (const k of ['name', 'idNumber', 'town', 'community', 'grid', 'building', 'door'] as const) if (!cell(k)) bad(k, 'required');

    const idNumber = normaliseIdNumber(cell('idNumber'));
    let facts: ReturnType<typeof parseIdNumber> | undefined;
    if (idNumber) {
      facts = parseIdNumber(idNumber, today);
      if (typeof facts === 'string') bad('idNumber', facts);
      else {
        const first = seen.get(idNumber);
        if (first !== undefined) bad('idNumber', 'duplicate_in_file', { row: first });
        else seen.set(idNumber, row);
      }
    }
    const idFacts = facts && typeof facts === 'object' ? facts : undefined;

    let gender: 'M' | 'F' | undefined = idFacts?.gender;
    const genderCell = cell('gender');
    if (genderCell) {
      const g = GENDER[genderCell.toLowerCase()];
      if (!g) bad('gender', 'gender_value');
      else if (idFacts && g !== idFacts.gender) bad('gender', 'gender_mismatch', { expected: t(locale, idFacts.gender === 'M' ? 'male' : 'female') });
      else gender = g;
    }

    let birthDate = idFacts?.birthDate;
    const birthCell = cell('birthDate').replace(/[/.年月]/g, '-').replace(/日$/, '');
    if (birthCell) {
      const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(birthCell);
      const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
      const d = iso ? new Date(`${iso}T00:00:00Z`) : undefined;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) bad('birthDate', 'birth_format');
      else if (iso > todayIso) bad('birthDate', 'birth_future');
      else if (idFacts && iso !== idFacts.birthDate) bad('birthDate', 'birth_mismatch', { expected: idFacts.birthDate });
      else birthDate = iso;
    }

    const phone = cell('phone').replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (phone && !MOBILE_RE.test(phone)) bad('phone', 'phone_format');

    let gridId: number | undefined;
    const town = cell('town') ? regions.town(cell('town')) : undefined;
    if (cell('town') && !town) bad('town', 'unknown_town', { value: cell('town') });
    const community = town && cell('community') ? regions.community(town.id, cell('community')) : undefined;
    if (town && cell('community') && !community) bad('community', 'unknown_community', { value: cell('community'), parent: cell('town') });
    if (community && cell('grid')) {
      gridId = regions.grid(community.id, cell('grid'))?.id;
      if (gridId === undefined) bad('grid', 'unknown_grid', { value: cell('grid'), parent: cell('community') });
    }

    const specialGroups: string[] = [];
    for (const label of cell('specialGroups').split(/[、,，;；\s]+/).filter(Boolean)) {
      const g = SPECIAL_GROUP_LABELS[label];
      if (!g) bad('specialGroups', 'special_group_value', { value: label, allowed: '独居老人、卧床、残疾、孕妇、慢性病' });
      else if (!specialGroups.includes(g)) specialGroups.push(g);
    }

    if (errors.length === before && gender && birthDate && gridId !== undefined) {
      valid.push({ row, idNumber, name: cell('name'), gender, birthDate, phone: phone || null, gridId, building: cell('building'), door: cell('door'), specialGroups });
    }
  }
  return { valid, errors };
}

export interface ValidRegionRow {
  row: number;
  town: string;
  community: string;
  grid: string;
  gridCode: string | null;
}

/** The region file: one row per grid; towns and communities are named on every row. */
export function validateRegions(table: Table, locale: Locale) {
  const { rows, errors } = checkRows<RegionKey>(table, REGION_COLUMNS, locale);
  const valid: ValidRegionRow[] = [];
  const seen = new Map<string, number>();
  const codes = new Map<string, number>();
  for (const { row, cell, bad } of rows) {
    const before = errors.length;
    for (const k of ['town', 'community', 'grid'] as const) if (!cell(k)) bad(k, 'required');
    const key = `${cell('town')}/${cell('community')}/${cell('grid')}`;
    if (errors.length === before) {
      const first = seen.get(key);
      if (first !== undefined) bad('grid', 'duplicate_region', { row: first });
      else seen.set(key, row);
    }
    const code = cell('gridCode');
    if (code) {
      const first = codes.get(code);
      if (first !== undefined) bad('gridCode', 'duplicate_in_file', { row: first });
      else codes.set(code, row);
    }
    if (errors.length === before) valid.push({ row, town: cell('town'), community: cell('community'), grid: cell('grid'), gridCode: code || null });
  }
  return { valid, errors };
}
