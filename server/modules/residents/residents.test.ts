import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../../contracts/idcard.ts';
import type { Database } from '../../db/index.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

const HEADER = '姓名,身份证号,性别,出生日期,手机号,镇街,村社区,网格,楼栋,门牌号,特殊人群';
/** A valid ID number for the n-th test person (born 1980-2009). */
const idFor = (n: number, male = true) => {
  const body = `440902${1980 + (n % 30)}0${1 + (n % 9)}1${n % 10}${String(100 + (Math.floor(n / 10) % 400) * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
  return body + idCheckChar(body);
};
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));
const place = '站前街道,恒福社区,第1网格';

async function expectRejected(p: Promise<unknown>, status: number) {
  const err = await refusal(p);
  expect(err?.status).toBe(status);
  return err!;
}

describe('residents', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let grid: SessionUser;
  let volunteer: SessionUser;
  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    grid = await asUser(services, 'grid');
    volunteer = await asUser(services, 'volunteer');
  });
  afterAll(async () => drop());

  const importCsv = (buf: Buffer, user: SessionUser | null = command, dryRun = false) =>
    services.residents.importFile(user, 'residents', { filename: 'r.csv', data: buf, dryRun, locale: 'zh-CN' });
  const counts = () =>
    scalar<string>(database, sql`select string_agg(resident_count::text || '/' || household_count || '/' || building_count, ',' order by id) from regions`);

  it('imports new residents, creating buildings and households, and counts them at every level', async () => {
    const before = await scalar(database, sql`select resident_count from regions where level = 'district'`);
    const report = await importCsv(csv(
      `陈一,${idFor(1)},男,,13800000001,${place},新楼1栋,101,独居老人`,
      `陈二,${idFor(2, false)},,,,${place},新楼1栋,102,孕妇、慢性病`,
      `陈三,${idFor(3)},,,,${place},新楼1栋,102,`,
    ));
    expect(report).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0, dryRun: false });
    expect(await scalar(database, sql`select resident_count from regions where level = 'district'`)).toBe(before + 3);
    expect(await scalar(database, sql`select resident_count::text || '/' || household_count from buildings where name = '新楼1栋'`)).toBe('3/2');
    const groups = await scalar<string[]>(database, sql`select special_groups from residents where id_number = ${idFor(2, false)}`);
    expect(groups).toEqual(['pregnant', 'chronic_ill']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = csv(`陈一,${idFor(1)},男,,13800000001,${place},新楼1栋,101,独居老人`, `陈二,${idFor(2, false)},,,,${place},新楼1栋,102,孕妇、慢性病`);
    const stamp = await scalar<string>(database, sql`select max(updated_at)::text from residents`);
    const snapshot = await counts();
    expect(await importCsv(file)).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    expect(await scalar<string>(database, sql`select max(updated_at)::text from residents`)).toBe(stamp);
    expect(await counts()).toBe(snapshot);
  });

  it('updates a changed resident and moves the counts with a resident who moved', async () => {
    const report = await importCsv(csv(`陈一,${idFor(1)},男,,13900000009,站前街道,恒福社区,第2网格,新楼2栋,201,`));
    expect(report).toMatchObject({ inserted: 0, updated: 1 });
    expect(await scalar(database, sql`select resident_count from buildings where name = '新楼1栋'`)).toBe(2);
    expect(await scalar(database, sql`select resident_count from buildings where name = '新楼2栋'`)).toBe(1);
    const drift = await scalar(database, sql`
      select count(*)::int from regions g where g.level = 'grid' and g.resident_count <> (select count(*) from residents r where r.grid_id = g.id)`);
    expect(drift).toBe(0);
  });

  it('keeps counts that a rebuild from the facts finds right', async () => {
    expect(await services.regions.rebuildCounts()).toBe(0);
    await database.db.execute(sql`update regions set resident_count = resident_count + 5 where level = 'grid' and id = ${grid.scopeRegionId}`);
    expect(await services.regions.rebuildCounts()).toBe(1);
    expect(await services.regions.rebuildCounts()).toBe(0);
  });

  it('imports nothing from a file with a bad row, and reports every bad row', async () => {
    const total = await scalar(database, sql`select count(*)::int from residents`);
    const err = await expectRejected(importCsv(csv(
      `好人,${idFor(11)},,,,${place},新楼3栋,101,`,
      `坏号,440902199001011231,,,,${place},新楼3栋,102,`,
      `坏电话,${idFor(12)},,,123,${place},新楼3栋,103,`,
    )), 422);
    expect(err.code).toBe('import_rejected');
    const details = err.details as { errors: Array<{ row: number; column: string; reason: string }> };
    expect(details.errors.map((e) => [e.row, e.column])).toEqual([[3, '身份证号'], [4, '手机号']]);
    expect(await scalar(database, sql`select count(*)::int from residents`)).toBe(total);
    expect(await scalar(database, sql`select count(*)::int from buildings where name = '新楼3栋'`)).toBe(0);
  });

  it('reads .xlsx, and refuses an ID number Excel turned into a number', async () => {
    const headers = HEADER.split(',');
    const ok = await writeXlsx([{ name: 's', columns: headers.map((h) => ({ header: h, text: true })), rows: [['林一', idFor(21), '', '', '', '站前街道', '恒福社区', '第1网格', 'X栋', '1', '']] }]);
    const report = await services.residents.importFile(command, 'residents', { filename: 'r.xlsx', data: ok, dryRun: false, locale: 'en' });
    expect(report).toMatchObject({ inserted: 1 });

    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(headers);
    ws.addRow(['林二', 440902199001011233, '', '', '', '站前街道', '恒福社区', '第1网格', 'X栋', '2', '']);
    const numeric = Buffer.from(await wb.xlsx.writeBuffer());
    const err = await expectRejected(services.residents.importFile(command, 'residents', { filename: 'r.xlsx', data: numeric, dryRun: false, locale: 'en' }), 422);
    expect((err.details as { errors: Array<{ row: number; reason: string }> }).errors[0]).toMatchObject({ row: 2, reason: 'An ID number has 18 characters (the last may be X)' });
  });

  it('reads a CSV saved by Excel on Chinese Windows (GB18030)', async () => {
    const text = `${HEADER}\n黄一,${idFor(31)},,,,${place},旧楼,1,\n`;
    // Node has no GB18030 encoder; glibc's iconv is on every Debian machine.
    const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
    expect(gb.includes(Buffer.from('黄一'))).toBe(false);
    const report = await importCsv(gb);
    expect(report).toMatchObject({ inserted: 1 });
    expect(await scalar<string>(database, sql`select name from residents where id_number = ${idFor(31)}`)).toBe('黄一');
  });

  it('refuses files it cannot use, saying why', async () => {
    const missing = await expectRejected(importCsv(Buffer.from('姓名,手机号\n张三,13800000000\n')), 400);
    expect(missing.params).toMatchObject({ columns: '身份证号、镇街、村社区、网格、楼栋、门牌号' });
    await expectRejected(services.residents.importFile(command, 'residents', { filename: 'r.pdf', data: Buffer.from('x'), dryRun: false, locale: 'zh-CN' }), 400);
    await expectRejected(importCsv(Buffer.from(`${HEADER}\n`)), 400);
    await expectRejected(services.residents.importFile(command, 'residents', { filename: 'r.xlsx', data: Buffer.from('not a zip'), dryRun: false, locale: 'zh-CN' }), 400);
  });

  it('checks without writing on a dry run, and lets only roster roles import', async () => {
    const total = await scalar(database, sql`select count(*)::int from residents`);
    expect(await importCsv(csv(`吴一,${idFor(41)},,,,${place},干跑楼,1,`), command, true)).toMatchObject({ rows: 1, dryRun: true, inserted: 0 });
    expect(await scalar(database, sql`select count(*)::int from residents`)).toBe(total);
    await expectRejected(importCsv(csv(`吴一,${idFor(41)},,,,${place},干跑楼,1,`), volunteer), 403);
  });

  it('finds residents by name, ID number and phone, masked, within the caller scope only', async () => {
    const byName = await services.residents.search(command, { q: '陈二', page: 1, pageSize: 20 });
    expect(byName.matchedBy).toBe('name');
    const chen = byName.items.find((r) => r.buildingName === '新楼1栋')!;
    expect(chen).toMatchObject({ townName: '站前街道', communityName: '恒福社区', gridName: '第1网格', door: '102' });
    expect(chen.idNumber).toBe(`${idFor(2, false).slice(0, 4)}**********${idFor(2, false).slice(-4)}`);
    const byId = await services.residents.search(command, { q: idFor(1).toLowerCase(), page: 1, pageSize: 20 });
    expect(byId).toMatchObject({ matchedBy: 'id_number', total: 1 });
    expect(byId.items[0].phone).toBe('139****0009');
    expect((await services.residents.search(command, { q: '13900000009', page: 1, pageSize: 20 })).items.map((r) => r.name)).toEqual(['陈一']);

    // The grid account's grid is 第1网格; 陈一 moved to 第2网格.
    expect((await services.residents.search(grid, { q: idFor(1), page: 1, pageSize: 20 })).total).toBe(0);
    expect((await services.residents.search(grid, { q: idFor(2, false), page: 1, pageSize: 20 })).total).toBe(1);
  });

  it('reveals full ID numbers only to roles that need them, inside their scope, and audits each reveal', async () => {
    const id = await scalar(database, sql`select id from residents where id_number = ${idFor(2, false)}`);
    const moved = await scalar(database, sql`select id from residents where id_number = ${idFor(1)}`);
    expect(await services.residents.reveal(grid, id)).toEqual({ id, idNumber: idFor(2, false), phone: null });
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'reveal_pii' and subject_id = ${String(id)} and user_id = ${grid.id}`)).toBe(1);
    await expectRejected(services.residents.reveal(volunteer, id), 403);
    await expectRejected(services.residents.reveal(grid, moved), 403);
    await expectRejected(services.residents.reveal(command, 99_999_999), 404);
  });

  it('serves templates that import as they are', async () => {
    const xlsx = await services.residents.template('residents', 'xlsx', 'zh-CN');
    const report = await services.residents.importFile(command, 'residents', { filename: 't.xlsx', data: xlsx, dryRun: true, locale: 'zh-CN' });
    expect(report).toMatchObject({ rows: 1, dryRun: true });
    const csvTemplate = await services.residents.template('residents', 'csv', 'zh-CN');
    expect(csvTemplate.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await importCsv(csvTemplate, command, true)).toMatchObject({ rows: 1 });
  });
});
