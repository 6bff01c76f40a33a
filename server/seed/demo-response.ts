import type { Database } from '../db/index.ts';
import { findPeopleByTitles, listPeopleOfKind } from '../modules/people/people.repository.ts';
import { findBuildingByName, listGridWorkers, listTree } from '../modules/regions/regions.repository.ts';
import type { Services } from '../services.ts';
import { LIZHIYUAN_BRANCH, LIZHIYUAN_BRANCH_TITLES, NAMED_PLACES, RESPONSE_0708 } from './demo-district.ts';

// Institutional party organisations that paired with communities (结对包联): agencies, institutions, enterprises.
const AGENCIES = [
  '区委办公室', '区人大常委会机关', '区政协机关', '区政府办公室', '区纪委监委机关', '区委组织部', '区委宣传部', '区委统战部', '区委政法委',
  '区发展和改革局', '区教育局', '区科技工业和信息化局', '区公安分局', '区民政局', '区司法局', '区财政局', '区人力资源和社会保障局',
  '区自然资源分局', '区住房和城乡建设局', '区交通运输局', '区水务局', '区农业农村局', '区商务局', '区文化广电旅游体育局', '区卫生健康局',
  '区退役军人事务局', '区应急管理局', '区审计局', '区市场监督管理局', '区统计局', '区医疗保障局', '区城市管理和综合执法局', '区信访局',
  '区税务局', '区总工会', '团区委', '区妇联', '区工商联', '区残联', '区红十字会', '区档案馆', '区融媒体中心', '区供销社', '区科协', '区法院', '区检察院',
];
const INSTITUTION_KINDS = ['小学', '中学', '卫生院', '幼儿园'];
const ENTERPRISE_WORDS = ['华', '兴', '粤', '茂', '信', '达', '顺', '恒', '新', '联'];
export const STANDING_ORG_COUNT = 205;
/** Communities left without a paired organisation, so the gaps report has something to show. */
export const UNPAIRED_COMMUNITIES = 9;
/** The town whose first grid's worker has left with no one after them (a deliberate gap). */
export const UNSTAFFED_GRID_TOWN = '公馆镇';

function standingOrgNames(): Array<{ name: string; kind: 'agency' | 'institution' | 'enterprise' }> {
  const out: Array<{ name: string; kind: 'agency' | 'institution' | 'enterprise' }> = AGENCIES.map((a) => ({ name: `${a}党支部`, kind: 'agency' }));
  for (let i = 1; out.length < 125; i++) out.push({ name: `茂南区第${i}${INSTITUTION_KINDS[i % INSTITUTION_KINDS.length]}党支部`, kind: 'institution' });
  for (let i = 0; out.length < STANDING_ORG_COUNT; i++) {
    const w = ENTERPRISE_WORDS;
    out.push({ name: `茂名${w[i % 10]}${w[Math.floor(i / 10) % 10]}${['实业', '物流', '建材', '食品', '电子'][i % 5]}有限公司党支部`, kind: 'enterprise' });
  }
  return out;
}

/**
 * The article's "0708" structure on top of the demo district: the response with its six command
 * posts and their branches, area chiefs on every town, 205 organisations paired with the communities,
 * the Lizhiyuan No. 37 branch inside its high-risk area with two checkpoints. Deliberate gaps:
 * 鳌头镇's post has no commander, 城南街道's branch no secretary, the south checkpoint no roster,
 * the last nine communities no paired organisation, and 公馆镇's first grid no grid worker.
 */
export async function seedDemoResponse(database: Database, services: Services) {
  const tree = await listTree(database.db);
  const towns = tree.filter((r) => r.level === 'town');
  const communities = tree.filter((r) => r.level === 'community');
  const townId = (name: string) => towns.find((t) => t.name === name)!.id;

  const response = await services.responses.declare(null, {
    code: RESPONSE_0708.code,
    name: RESPONSE_0708.name,
    startedOn: RESPONSE_0708.startedOn,
    zoneScheme: 'high_medium_low',
    commandPostTownIds: RESPONSE_0708.posts.map(townId),
  });
  const { posts } = await services.responses.tree(null, response.id);
  const cadres = await findPeopleByTitles(database.db, [
    ...RESPONSE_0708.posts.flatMap((p) => [`${p}一线指挥部指挥长`, `${p}一线指挥部临时党支部书记`]),
    ...LIZHIYUAN_BRANCH_TITLES,
  ]);
  const cadre = (title: string) => cadres.find((c) => c.title === title)!.id;
  for (const post of posts) {
    const town = post.region.name;
    if (town !== '鳌头镇') await services.assignments.assign(null, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadre(`${town}一线指挥部指挥长`) });
    if (town !== '城南街道') await services.assignments.assign(null, { unitType: 'org', unitId: post.branches[0].id, role: 'secretary', personId: cadre(`${town}一线指挥部临时党支部书记`) });
  }

  const hongqiPost = posts.find((p) => p.region.name === NAMED_PLACES.lizhiyuan.town)!;
  const lizhiyuan = communities.find((c) => c.name === NAMED_PLACES.lizhiyuan.community)!;
  const branch = await services.orgs.create(null, { name: LIZHIYUAN_BRANCH, kind: 'temporary_branch', responseId: response.id, attachedTo: { type: 'command_unit', id: hongqiPost.id }, regionId: lizhiyuan.id });
  const members = cadres.filter((c) => c.title?.startsWith('荔枝园村37号'));
  const roleOf = (title: string) => (title.endsWith('副书记') ? 'deputy_secretary' : title.endsWith('书记') ? 'secretary' : 'member');
  for (const m of members) await services.assignments.assign(null, { unitType: 'org', unitId: branch.id, role: roleOf(m.title!), personId: m.id });

  // The high-risk area is building No. 37 of Lizhiyuan Village, where the branch lives; the village
  // around it is medium risk. One checkpoint has its roster, the other not yet (a deliberate gap).
  const no37 = await findBuildingByName(database.db, lizhiyuan.id, NAMED_PLACES.lizhiyuan.building);
  if (no37) {
    const high = await services.zones.draw(null, response.id, { name: '荔枝园村37号高风险区', level: 'high', regionIds: [], buildingIds: [no37] });
    const gridOf37 = tree.find((r) => r.level === 'grid' && r.parentId === lizhiyuan.id)!;
    const otherGrids = tree.filter((r) => r.level === 'grid' && r.parentId === lizhiyuan.id && r.id !== gridOf37.id).map((r) => r.id);
    if (otherGrids.length) await services.zones.draw(null, response.id, { name: '荔枝园村中风险区', level: 'medium', regionIds: otherGrids, buildingIds: [] });
    const north = await services.zones.addCheckpoint(null, high.id, { name: '37号北门关卡', location: '荔枝园村37号北门' });
    await services.zones.addCheckpoint(null, high.id, { name: '37号南门关卡', location: '荔枝园村37号南门' });
    for (const m of members.slice(3, 5)) await services.assignments.assign(null, { unitType: 'checkpoint', unitId: north.id, role: 'roster', personId: m.id });
  }

  // 片长: 21 district leaders over 11 towns, two a town (the last town gets one).
  const leaders = await listPeopleOfKind(database.db, 'leader');
  for (const [i, leader] of leaders.entries()) {
    await services.assignments.assign(null, { unitType: 'town', unitId: towns[Math.floor(i / 2) % towns.length].id, role: 'area_chief', personId: leader.id });
  }

  // 结对包联: each organisation takes a community in turn; some take a second; the last few are left.
  const paired = communities.slice(0, communities.length - UNPAIRED_COMMUNITIES);
  const orgs = standingOrgNames();
  const created = [];
  for (const o of orgs) created.push(await services.orgs.create(null, o));
  for (const [i, c] of paired.entries()) await services.orgs.pair(null, created[i % created.length].id, c.id);

  // 网格员: the worker of 公馆镇's first grid was released and no one has been assigned since.
  const gongguan = townId(UNSTAFFED_GRID_TOWN);
  const unstaffed = tree.find((r) => r.level === 'grid' && communities.some((c) => c.id === r.parentId && c.parentId === gongguan))!;
  for (const w of await listGridWorkers(database.db, [unstaffed.id])) await services.gridWorkers.end(null, w.id);
  return { responseId: response.id, orgs: created.length + 1, pairedCommunities: paired.length };
}
