import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/index.ts';
import type { Services } from '../services.ts';
import { NAMED_PLACES } from './demo-district.ts';
import { DEMO_WAREHOUSE } from './demo-materials.ts';
import { DEMO_TEAMS } from './demo-teams.ts';

/** The article's first batch: 1.5 million yuan of special party fees to the grassroots. */
export const DEMO_FUND = {
  name: '第一批专项党费',
  totalFen: 150_000_000,
  perTownFen: 10_000_000,
  perTeamFen: 5_000_000,
  teams: [DEMO_TEAMS.captainTeam, DEMO_TEAMS.cadreTeam, DEMO_TEAMS.errandTeam],
} as const;

/**
 * The first fund allocated to the 11 towns (100,000 yuan each) and three volunteer teams (50,000 each),
 * a few expenditures in 站前街道 and its team, and donations by People's Congress deputies, a company
 * and a resident.
 */
export async function seedDemoFunds(database: Database, services: Services) {
  const f = services.funds;
  const fund = await f.createFund(null, { name: DEMO_FUND.name, totalFen: DEMO_FUND.totalFen, allocatedByUnit: '中共茂名市茂南区委组织部', allocatedAt: new Date('2022-07-10T02:00:00Z') });
  const towns = await queryRows<{ id: number; name: string }>(database.db, sql`select id, name from regions where level = 'town' order by id`);
  const teams = await queryRows<{ id: number; name: string }>(database.db, sql`select id, name from teams where name in ${DEMO_FUND.teams} order by id`);
  const byUnit = new Map<string, number>();
  for (const t of towns) byUnit.set(t.name, (await f.allocate(null, fund.id, { clientId: randomUUID(), unitType: 'region', unitId: t.id, amountFen: DEMO_FUND.perTownFen })).id);
  for (const t of teams) byUnit.set(t.name, (await f.allocate(null, fund.id, { clientId: randomUUID(), unitType: 'team', unitId: t.id, amountFen: DEMO_FUND.perTeamFen })).id);

  const town = byUnit.get(NAMED_PLACES.hengfu.town)!;
  const team = byUnit.get(DEMO_TEAMS.captainTeam);
  const spend = (allocationId: number, category: 'frontline_comfort' | 'medicines_supplies' | 'hardship_relief', amountFen: number, purpose: string, payee: string, day: string) =>
    f.spend(null, allocationId, { clientId: randomUUID(), category, amountFen, purpose, payee, receipts: [`${purpose}-发票.jpg`], spentAt: new Date(`${day}T04:00:00Z`) });
  await spend(town, 'frontline_comfort', 1_268_000, '一线采样医护人员夜宵、饮用水、藿香正气水', '茂南区站前街道惠民超市', '2022-07-11');
  await spend(town, 'medicines_supplies', 3_560_050, 'N95口罩2000个、防护服500套', '茂名市康泰医疗器械有限公司', '2022-07-12');
  const wrong = await spend(town, 'hardship_relief', 200_000, '困难群众生活物资（金额录入有误）', '站前街道恒福社区居委会', '2022-07-12');
  await f.reverse(null, wrong.id, { clientId: randomUUID(), reason: '金额录入有误，冲销后重新登记' });
  await spend(town, 'hardship_relief', 180_000, '封控区独居老人、困难家庭米油蔬菜', '站前街道恒福社区居委会', '2022-07-13');
  if (team) await spend(team, 'frontline_comfort', 456_000, '志愿者防暑降温用品和盒饭', '站前街道惠民超市', '2022-07-12');

  // Donated items go onto the district warehouse's books like any donation recorded in the app.
  const warehouse = (await services.materials.holders()).find((h) => h.name === DEMO_WAREHOUSE)!;
  const itemIds = new Map((await services.materials.items()).map((i) => [i.code, i.id]));
  const goods = (lines: Array<[code: string, quantity: number]>) => ({ items: lines.map(([code, quantity]) => ({ itemId: itemIds.get(code)!, quantity })) });
  const donate = (donorKind: 'person' | 'company' | 'deputy', donorName: string, what: { moneyFen: number } | ReturnType<typeof goods>, day: string) =>
    f.recordDonation(null, {
      clientId: randomUUID(), donorKind, donorName, ...what, ...('moneyFen' in what ? { fundId: fund.id } : { holderId: warehouse.id }),
      receivedAt: new Date(`${day}T03:00:00Z`), public: true,
    });
  await donate('deputy', '区人大代表 梁志强', goods([['n95', 5000], ['gown', 300]]), '2022-07-10');
  await donate('deputy', '区人大代表 陈秀英', { moneyFen: 5_000_000 }, '2022-07-11');
  await donate('deputy', '市人大代表 黄国华', goods([['gloves', 2000], ['disinfectant', 200]]), '2022-07-11');
  await donate('company', '茂名市华粤实业有限公司', { moneyFen: 10_000_000 }, '2022-07-12');
  await donate('person', '李伟明', { moneyFen: 50_000 }, '2022-07-13');
  return fund;
}
