import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../contracts/idcard.ts';
import { queryRows, type Database } from '../db/index.ts';
import { demoFixture, scalar, sql } from '../testing/fixtures.ts';
import type { Services } from '../services.ts';
import { buildDemoDistrict, TOWNS } from './demo-district.ts';
import { UNSTAFFED_GRID_TOWN } from './demo-response.ts';
import { seedDemo } from './seed.service.ts';

describe('the demo district', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture(0.01));
  });
  afterAll(async () => drop());

  it('has the article numbers: 11 towns, 239 communities, 1,627 grids, 21 leaders', async () => {
    const levels = await queryRows<{ level: string; n: number }>(database.db, sql`select level, count(*)::int as n from regions group by level order by level`);
    expect(Object.fromEntries(levels.map((l) => [l.level, l.n]))).toEqual({ community: 239, district: 1, grid: 1627, town: 11 });
    const towns = await queryRows<{ name: string }>(database.db, sql`select name from regions where level = 'town' order by code`);
    expect(towns.map((t) => t.name)).toEqual(TOWNS.map((t) => t.name));
    expect(towns.map((t) => t.name)).toEqual(expect.arrayContaining(['站前街道', '官渡街道', '红旗街道', '城南街道', '露天矿街道', '羊角镇', '鳌头镇', '公馆镇', '金塘镇']));
    expect(await scalar(database, sql`select count(*)::int from people where kind = 'leader'`)).toBe(21);
  });

  it('puts a grid worker on every grid but the one whose worker left (a deliberate gap)', async () => {
    const unstaffed = await queryRows<{ town: string }>(database.db, sql`
      select t.name as town from regions g join regions c on c.id = g.parent_id join regions t on t.id = c.parent_id
      where g.level = 'grid' and not exists (select 1 from grid_workers w where w.grid_id = g.id and w.ends_at is null)`);
    expect(unstaffed).toEqual([{ town: UNSTAFFED_GRID_TOWN }]);
  });

  it('gives every resident a valid ID number that agrees with their gender and birth date', async () => {
    const rows = await queryRows<{ id_number: string; gender: string; birth_date: string }>(database.db, sql`select id_number, gender, birth_date::text from residents`);
    expect(rows.length).toBeGreaterThan(8000);
    for (const r of rows) expect(parseIdNumber(r.id_number)).toEqual({ gender: r.gender, birthDate: r.birth_date });
  });

  it('registers the special groups', async () => {
    const groups = await queryRows<{ g: string; n: number }>(database.db, sql`select unnest(special_groups) as g, count(*)::int as n from residents group by 1`);
    const found = Object.fromEntries(groups.map((x) => [x.g, x.n]));
    for (const g of ['elderly_alone', 'bedridden', 'disabled', 'pregnant']) expect(found[g]).toBeGreaterThan(0);
  });

  it('keeps counts at every level equal to the facts', async () => {
    expect(await scalar(database, sql`select resident_count from regions where level = 'district'`)).toBe(await scalar(database, sql`select count(*)::int from residents`));
    expect(await scalar(database, sql`select household_count from regions where level = 'district'`)).toBe(await scalar(database, sql`select count(*)::int from households`));
    const drift = await scalar(database, sql`
      select count(*)::int from regions g where g.level = 'grid'
        and g.resident_count <> (select count(*) from residents r where r.grid_id = g.id)`);
    expect(drift).toBe(0);
    const rollup = await scalar(database, sql`
      select count(*)::int from regions p where p.level <> 'grid'
        and p.resident_count <> (select coalesce(sum(c.resident_count), 0) from regions c where c.parent_id = p.id)`);
    expect(rollup).toBe(0);
  });

  it('restores every index and constraint it lifted for the bulk load', async () => {
    const indexes = await queryRows<{ indexname: string }>(database.db, sql`select indexname from pg_indexes where tablename in ('residents', 'households') order by 1`);
    expect(indexes.map((i) => i.indexname)).toEqual([
      'households_building_door_uq', 'households_pkey',
      'residents_grid_idx', 'residents_household_idx', 'residents_id_number_unique', 'residents_name_idx', 'residents_phone_idx', 'residents_pkey',
    ]);
    const fks = await queryRows<{ conname: string }>(database.db, sql`select conname from pg_constraint where contype = 'f' and conrelid in ('residents'::regclass, 'households'::regclass) order by 1`);
    expect(fks.map((f) => f.conname)).toEqual(['households_building_id_buildings_id_fk', 'residents_grid_id_regions_id_fk', 'residents_household_id_households_id_fk']);
    await expect(database.db.execute(sql`insert into residents (id_number, name, gender, birth_date, household_id, grid_id) values ('440902199001011233', 'x', 'M', '1990-01-01', 999999999, 1)`)).rejects.toThrow();
  });

  it('never seeds over an existing district', async () => {
    const before = await scalar(database, sql`select count(*)::int from residents`);
    expect(await seedDemo(database, services, { scale: 0.01 })).toEqual({ seeded: false });
    expect(await scalar(database, sql`select count(*)::int from residents`)).toBe(before);
  });

  it('is deterministic', () => {
    const a = buildDemoDistrict(0.001);
    const b = buildDemoDistrict(0.001);
    expect(a.residentCsv.join('')).toBe(b.residentCsv.join(''));
    expect(a.regions).toEqual(b.regions);
  });
});
