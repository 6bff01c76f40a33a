import { MOBILE_RE, normaliseIdNumber } from '../../../contracts/idcard.ts';
import type { Locale } from '../../../contracts/common.ts';
import type { TImportKind, TImportReport, TResidentSearchQuery } from '../../../contracts/residents.ts';
import type { Database } from '../../db/index.ts';
import { ImportRejected, NotFound, ValidationError } from '../../http/errors.ts';
import { t } from '../../i18n.ts';
import { fileKind, readTable, UnreadableFile, writeCsv, writeXlsx, type Table } from '../../lib/spreadsheet.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, assertRole, mayImport, mayRevealPii, type SessionUser } from '../auth/scope.ts';
import { importRegionRows } from '../regions/regions.service.ts';
import { countDeltas } from '../regions/count-deltas.ts';
import { applyCountDeltas, ensureBuildings, ensureHouseholds, householdLocations, listTree } from '../regions/regions.repository.ts';
import {
  MissingColumns,
  REGION_COLUMNS,
  RESIDENT_COLUMNS,
  regionIndex,
  validateRegions,
  validateResidents,
} from './residents.import.ts';
import { presentMaskedResident } from './residents.presenter.ts';
import { analyzeRoster, findResident, searchResidents, upsertResidents, type ResidentQuery } from './residents.repository.ts';

/** Reads a search box: a full ID number, a mobile number, or the start of a name. */
export function readResidentQuery(q: string): ResidentQuery {
  const s = q.trim();
  if (/^\d{17}[\dXx]$/.test(s)) return { kind: 'id_number', value: normaliseIdNumber(s) };
  if (MOBILE_RE.test(s)) return { kind: 'phone', value: s };
  return { kind: 'name', value: s };
}

/** An import that writes this many rows refreshes the planner's statistics afterwards. */
const ANALYZE_AFTER_ROWS = 10_000;

export interface ImportInput {
  filename: string;
  data: Buffer;
  dryRun: boolean;
  locale: Locale;
  /** Told each stage of a long import: reading, checking, writing, done. */
  onProgress?: (stage: 'reading' | 'checking' | 'writing' | 'done', rows?: number) => void;
}

export function residentsService(database: Database, audit: AuditService) {
  const { db } = database;

  async function readImportFile(input: ImportInput): Promise<Table> {
    const kind = fileKind(input.filename);
    if (!kind) throw ValidationError('file_type');
    try {
      const table = await readTable(input.data, kind);
      if (table.rows.length === 0) throw ValidationError('file_empty');
      return table;
    } catch (err) {
      if (err instanceof UnreadableFile) throw ValidationError('file_unreadable', { reason: err.message });
      throw err;
    }
  }

  function columnsOrReject<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof MissingColumns) throw ValidationError('missing_columns', { columns: err.columns.join('、') }, { columns: err.columns });
      throw err;
    }
  }

  return {
    async search(user: SessionUser, query: TResidentSearchQuery) {
      const q = readResidentQuery(query.q);
      const result = await searchResidents(db, user.scopePath, q, query.page, query.pageSize);
      return { items: result.rows.map(presentMaskedResident), total: result.total, capped: result.capped, matchedBy: q.kind };
    },

    async get(user: SessionUser, id: number) {
      const row = await findResident(db, id);
      if (!row) throw NotFound();
      assertInScope(user, row.gridPath);
      return presentMaskedResident(row);
    },

    /** The full ID number and phone, for a role that needs them; every reveal is audited. */
    async reveal(user: SessionUser, id: number) {
      assertRole(user, mayRevealPii);
      const row = await findResident(db, id);
      if (!row) throw NotFound();
      assertInScope(user, row.gridPath);
      await audit.record({ userId: user.id, action: 'reveal_pii', subjectType: 'resident', subjectId: String(id) });
      return { id: row.id, idNumber: row.idNumber, phone: row.phone };
    },

    /**
     * Imports a residents or regions file. Every row is checked first; a file with any bad row
     * writes nothing and the error lists every problem. The write is one transaction.
     */
    async importFile(user: SessionUser | null, kind: TImportKind, input: ImportInput): Promise<TImportReport> {
      if (user) assertRole(user, mayImport);
      const scopePath = user?.scopePath ?? '/';
      const progress = input.onProgress ?? (() => undefined);
      progress('reading');
      const table = await readImportFile(input);
      progress('checking', table.rows.length);
      if (kind === 'regions') {
        const { valid, errors } = columnsOrReject(() => validateRegions(table, input.locale));
        if (errors.length) throw ImportRejected(errors.length, { errors });
        progress('writing', valid.length);
        const result = await importRegionRows(database, valid, { scopePath, dryRun: input.dryRun, locale: input.locale });
        await audit.record({ userId: user?.id ?? null, action: input.dryRun ? 'import_check' : 'import', subjectType: 'regions', details: { file: input.filename, ...result } });
        return { kind, rows: valid.length, ...result, dryRun: input.dryRun };
      }

      const tree = await listTree(db, scopePath);
      const { valid, errors } = columnsOrReject(() => validateResidents(table, regionIndex(tree), input.locale));
      if (errors.length) throw ImportRejected(errors.length, { errors });
      if (input.dryRun) return { kind, rows: valid.length, inserted: 0, updated: 0, unchanged: 0, dryRun: true };
      progress('writing', valid.length);

      const result = await database.transaction(async (tx) => {
        const buildings = await ensureBuildings(tx.db, uniqueBy(valid.map((r) => ({ gridId: r.gridId, name: r.building })), (p) => `${p.gridId}/${p.name}`));
        const buildingId = (r: (typeof valid)[number]) => buildings.ids.get(`${r.gridId}/${r.building}`)!;
        const households = await ensureHouseholds(tx.db, uniqueBy(valid.map((r) => ({ buildingId: buildingId(r), door: r.door })), (p) => `${p.buildingId}/${p.door}`));
        const written = await upsertResidents(
          tx,
          valid.map((r) => ({
            idNumber: r.idNumber, name: r.name, gender: r.gender, birthDate: r.birthDate, phone: r.phone, gridId: r.gridId, specialGroups: r.specialGroups,
            householdId: households.ids.get(`${buildingId(r)}/${r.door}`)!,
          })),
        );
        // Keys are `parentId/name`: the part before the first slash is the parent's id.
        const gridOfBuilding = new Map([...buildings.ids].map(([key, id]) => [id, Number(key.split('/')[0])]));
        const buildingOfHousehold = new Map([...households.ids].map(([key, id]) => [id, Number(key.split('/')[0])]));
        const movedFrom = [...new Set(written.flatMap((w) => (w.previousHouseholdId !== null && w.previousHouseholdId !== w.householdId ? [w.previousHouseholdId] : [])))];
        for (const h of await householdLocations(tx.db, movedFrom)) {
          buildingOfHousehold.set(h.householdId, h.buildingId);
          gridOfBuilding.set(h.buildingId, h.gridId);
        }
        const deltas = countDeltas({
          createdBuildings: buildings.created.map((b) => ({ gridId: b.parentId })),
          createdHouseholds: households.created.map((h) => ({ buildingId: h.parentId })),
          residents: written,
          buildingOfHousehold,
          gridOfBuilding,
        });
        await applyCountDeltas(tx.db, deltas.byBuilding, deltas.byGrid);
        const inserted = written.filter((w) => w.previousHouseholdId === null).length;
        return { inserted, updated: written.length - inserted };
      });
      if (result.inserted + result.updated >= ANALYZE_AFTER_ROWS) await analyzeRoster(database.db);
      progress('done', valid.length);
      const report = { kind, rows: valid.length, ...result, unchanged: valid.length - result.inserted - result.updated, dryRun: false };
      await audit.record({ userId: user?.id ?? null, action: 'import', subjectType: 'residents', details: { file: input.filename, ...report } });
      return report;
    },

    /** The downloadable template: headers, one example row and, in the xlsx, a sheet of instructions. */
    async template(kind: TImportKind, format: 'xlsx' | 'csv', locale: Locale) {
      const columns = kind === 'residents' ? RESIDENT_COLUMNS : REGION_COLUMNS;
      const headers = columns.map((c) => c.header);
      const example = columns.map((c) => c.example);
      if (format === 'csv') return writeCsv(headers, [example]);
      const notes = columns.map((c) => [c.header, c.required ? t(locale, 'required') : '', columnNote(kind, c.key, locale)]);
      return writeXlsx([
        { name: kind === 'residents' ? '居民' : '区域', columns: columns.map((c) => ({ header: c.header, width: 18, text: true })), rows: [example] },
        { name: '说明', columns: [{ header: '列' }, { header: '必填', width: 8 }, { header: '说明', width: 80 }], rows: notes },
      ]);
    },
  };
}
export type ResidentsService = ReturnType<typeof residentsService>;

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

const NOTES: Record<string, { zh: string; en: string }> = {
  name: { zh: '居民姓名', en: 'Full name' },
  idNumber: { zh: '18 位公民身份号码，单元格请设为文本格式；校验位按 GB 11643 检查。重复导入同一身份证号会更新该居民', en: '18-character resident ID (GB 11643 check digit); keep the cell as text. Re-importing the same ID updates that resident' },
  gender: { zh: '男 / 女；留空则取自身份证号，填写则须与身份证号一致', en: '男 / 女; empty takes it from the ID number, otherwise it must match' },
  birthDate: { zh: 'YYYY-MM-DD；留空则取自身份证号，填写则须与身份证号一致', en: 'YYYY-MM-DD; empty takes it from the ID number, otherwise it must match' },
  phone: { zh: '11 位手机号，可留空', en: '11-digit mobile number, optional' },
  town: { zh: '镇/街道名称，须已存在', en: 'Town or street; must exist' },
  community: { zh: '村/社区名称，须属于该镇街', en: 'Village or community inside that town' },
  grid: { zh: '网格名称，须属于该村社区', en: 'Grid inside that community' },
  building: { zh: '楼栋名称，不存在则新建', en: 'Building; created if new' },
  door: { zh: '门牌号/户号，同一楼栋内同一门牌为一户', en: 'Door; one household per door of a building' },
  specialGroups: { zh: '可多选，用“、”分隔：独居老人、卧床、残疾、孕妇、慢性病', en: 'Any of 独居老人 (elderly alone), 卧床 (bedridden), 残疾 (disabled), 孕妇 (pregnant), 慢性病 (chronic illness), separated by 、' },
  gridCode: { zh: '网格编码，可留空（自动生成）', en: 'Grid code; optional (generated when empty)' },
};
const REGION_NOTES: Record<string, { zh: string; en: string }> = {
  town: { zh: '镇/街道名称，不存在则新建', en: 'Town or street; created if new' },
  community: { zh: '村/社区名称，不存在则在该镇街下新建', en: 'Village or community; created in that town if new' },
  grid: { zh: '网格名称，不存在则在该村社区下新建', en: 'Grid; created in that community if new' },
};
function columnNote(kind: TImportKind, key: string, locale: Locale): string {
  const n = (kind === 'regions' ? REGION_NOTES[key] : undefined) ?? NOTES[key];
  return n ? (locale === 'en' ? n.en : n.zh) : '';
}
