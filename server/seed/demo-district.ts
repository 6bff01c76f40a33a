import { idCheckChar } from '../../contracts/idcard.ts';
import { mobile, personName, placeName } from './names.ts';
import { apportion, rng, type Rng } from './random.ts';

/**
 * The synthetic Maonan district (茂南区, code 440902) with the article's numbers:
 * 11 towns/streets, 239 villages/communities, 1,627 grids, ~900,000 residents at scale 1,
 * 21 district leaders and grid workers on every grid. Deterministic: same seed, same district.
 * Pure: it builds rows; the seed service writes them.
 */
export const DISTRICT = { code: '440902', name: '茂南区' };
export const TOWNS: ReadonlyArray<{ name: string; communities: number; village: boolean }> = [
  { name: '站前街道', communities: 18, village: false },
  { name: '官渡街道', communities: 16, village: false },
  { name: '红旗街道', communities: 20, village: false },
  { name: '城南街道', communities: 18, village: false },
  { name: '露天矿街道', communities: 10, village: false },
  { name: '新华街道', communities: 16, village: false },
  { name: '河西街道', communities: 14, village: false },
  { name: '羊角镇', communities: 30, village: true },
  { name: '鳌头镇', communities: 32, village: true },
  { name: '公馆镇', communities: 35, village: true },
  { name: '金塘镇', communities: 30, village: true },
];
export const GRID_COUNT = 1627;
/** The "0708" response: command posts in four streets and two towns (the article's six). */
export const RESPONSE_0708 = {
  code: '0708',
  name: '“0708”疫情防控应急响应',
  startedOn: '2022-07-08',
  posts: ['站前街道', '官渡街道', '红旗街道', '城南街道', '羊角镇', '鳌头镇'],
};
export const LIZHIYUAN_BRANCH = '红旗街道荔枝园村37号一线指挥部临时党支部';
export const LIZHIYUAN_BRANCH_TITLES = [
  '荔枝园村37号临时党支部书记',
  '荔枝园村37号临时党支部副书记',
  '荔枝园村37号临时党支部副书记',
  '荔枝园村37号临时党支部委员',
  '荔枝园村37号临时党支部委员',
  '荔枝园村37号临时党支部委员',
  '荔枝园村37号临时党支部委员',
];
export const FULL_RESIDENTS = 900_000;
/** Places the article names, kept so later modules can point at them. */
export const NAMED_PLACES = {
  lizhiyuan: { town: '红旗街道', community: '荔枝园村', building: '37号' },
  hengfu: { town: '站前街道', community: '恒福社区', building: '恒福尚城1栋', point: '恒福尚城北门A点', pointAddress: '站前街道恒福尚城北门' },
};

const LEADER_TITLES = [
  '区委书记', '区委副书记、区长', '区委副书记', '区委常委、常务副区长', '区委常委、组织部部长',
  '区委常委、宣传部部长', '区委常委、政法委书记', '区委常委、纪委书记', '区委常委、统战部部长',
  '区委常委、区委办主任', '区人大常委会主任', '区政协主席', '副区长', '副区长', '副区长',
  '副区长', '区人大常委会副主任', '区人大常委会副主任', '区政协副主席', '区政协副主席', '区法院院长',
];
// Birthplace codes: mostly the district itself, some from the rest of Maoming and beyond.
const BIRTH_REGIONS = ['440902', '440902', '440902', '440902', '440902', '440904', '440981', '440982', '440983', '440802', '450921', '440106'];

export interface RegionRow { id: number; parentId: number | null; level: 'district' | 'town' | 'community' | 'grid'; code: string; name: string; path: string }
export interface BuildingRow { id: number; gridId: number; name: string }
export interface HouseholdRow { id: number; buildingId: number; door: string }
export interface PersonRow { id: number; name: string; kind: 'leader' | 'cadre' | 'medical' | 'community_cadre' | 'grid_worker'; phone: string; title: string; partyMember: boolean; homeCommunityId: number | null }
export interface DemoDistrict {
  regions: RegionRow[];
  buildings: BuildingRow[];
  households: HouseholdRow[];
  /** CSV chunks: id_number,name,gender,birth_date,phone,household_id,grid_id,special_groups */
  residentCsv: string[];
  residentCount: number;
  people: PersonRow[];
  gridWorkers: Array<{ gridId: number; personId: number }>;
  points: PointRow[];
}

/** A demo sampling point with the people of its "1+3+10+N" team who come from the generator. */
export interface PointRow {
  name: string;
  communityId: number;
  townName: string;
  address: string;
  lat: number;
  lng: number;
  servedGridIds: number[];
  chiefId: number;
  medicalLeadId: number;
  medicalIds: number[];
}

/** The article's 146 sampling points. */
export const POINT_COUNT = 146;
const POINT_SITES = ['文化广场', '党群服务中心', '村委会门前', '小学操场', '篮球场', '卫生站旁', '市场入口', '祠堂前空地'];

const HOUSEHOLD_SIZES = [1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6];

function birthDate(r: Rng, minAge: number, maxAge: number, refYear: number): { y: number; m: number; d: number } {
  const y = refYear - r.int(minAge, maxAge);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return { y, m, d };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function buildDemoDistrict(scale = 1, seed = 708): DemoDistrict {
  const r = rng(seed);
  const regions: RegionRow[] = [];
  const districtId = 1;
  regions.push({ id: districtId, parentId: null, level: 'district', code: DISTRICT.code, name: DISTRICT.name, path: '/1/' });
  let nextRegionId = 2;

  const communities: RegionRow[] = [];
  const communityVillage = new Map<number, boolean>();
  TOWNS.forEach((town, ti) => {
    const townRow: RegionRow = {
      id: nextRegionId++, parentId: districtId, level: 'town',
      code: `${DISTRICT.code}${pad(ti + 1, 3)}`, name: town.name, path: '',
    };
    townRow.path = `/1/${townRow.id}/`;
    regions.push(townRow);
    const used = new Set<string>();
    for (let ci = 0; ci < town.communities; ci++) {
      let name: string;
      const named = Object.values(NAMED_PLACES).find((p) => p.town === town.name && ci === 0);
      if (named) name = named.community;
      else {
        do name = placeName(r) + (town.village ? '村' : '社区');
        while (used.has(name));
      }
      used.add(name);
      const row: RegionRow = {
        id: nextRegionId++, parentId: townRow.id, level: 'community',
        code: `${townRow.code}${pad(ci + 1, 3)}`, name, path: '',
      };
      row.path = `${townRow.path}${row.id}/`;
      regions.push(row);
      communities.push(row);
      communityVillage.set(row.id, town.village);
    }
  });

  const gridsPer = apportion(GRID_COUNT, communities.map(() => 0.5 + r.next()));
  const grids: RegionRow[] = [];
  communities.forEach((c, ci) => {
    for (let g = 0; g < gridsPer[ci]; g++) {
      const row: RegionRow = {
        id: nextRegionId++, parentId: c.id, level: 'grid',
        code: `${c.code}${pad(g + 1, 2)}`, name: `第${g + 1}网格`, path: '',
      };
      row.path = `${c.path}${row.id}/`;
      regions.push(row);
      grids.push(row);
    }
  });

  // Buildings, households and residents, grid by grid.
  const refYear = 2022;
  const targetPerGrid = (FULL_RESIDENTS * scale) / GRID_COUNT;
  const buildings: BuildingRow[] = [];
  const households: HouseholdRow[] = [];
  const residentCsv: string[] = [];
  const usedIds = new Set<string>();
  let chunk: string[] = [];
  let residentCount = 0;
  const namedBuilding = new Map<number, string>();
  for (const p of Object.values(NAMED_PLACES)) {
    const c = communities.find((x) => x.name === p.community);
    const g = c && grids.find((x) => x.parentId === c.id);
    if (g) namedBuilding.set(g.id, p.building);
  }

  const personId = (birth: { y: number; m: number; d: number }, male: boolean): string => {
    for (;;) {
      const seq = r.int(0, 499) * 2 + (male ? 1 : 0);
      const first17 = `${r.pick(BIRTH_REGIONS)}${birth.y}${pad(birth.m, 2)}${pad(birth.d, 2)}${pad(seq, 3)}`;
      const id = first17 + idCheckChar(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  for (const grid of grids) {
    const village = communityVillage.get(grid.parentId!)!;
    const target = Math.max(1, Math.round(targetPerGrid * (0.6 + 0.8 * r.next())));
    let inGrid = 0;
    let b = 0;
    while (inGrid < target) {
      b++;
      const special = b === 1 ? namedBuilding.get(grid.id) : undefined;
      const building: BuildingRow = { id: buildings.length + 1, gridId: grid.id, name: special ?? (village ? `${b}号` : `${b}栋`) };
      buildings.push(building);
      const floors = village ? r.int(2, 4) : r.int(5, 9);
      const perFloor = village ? 1 : r.int(2, 4);
      for (let f = 1; f <= floors && inGrid < target; f++) {
        for (let u = 1; u <= perFloor && inGrid < target; u++) {
          const household: HouseholdRow = { id: households.length + 1, buildingId: building.id, door: `${f}${pad(u, 2)}` };
          households.push(household);
          const size = r.pick(HOUSEHOLD_SIZES);
          const surname = personName(r).slice(0, 1);
          for (let k = 0; k < size; k++) {
            // The first member is an adult; the rest span all ages.
            const birth = k === 0 ? birthDate(r, 22, 90, refYear) : birthDate(r, 0, 85, refYear);
            const age = refYear - birth.y;
            const male = r.chance(0.51);
            const name = (k < 2 || r.chance(0.3) ? personName(r).slice(0, 1) : surname) + personName(r).slice(1);
            const groups: string[] = [];
            if (size === 1 && age >= 70) groups.push('elderly_alone');
            if (age >= 65 && r.chance(0.02)) groups.push('bedridden');
            if (r.chance(0.012)) groups.push('disabled');
            if (!male && age >= 22 && age <= 38 && r.chance(0.04)) groups.push('pregnant');
            if (age >= 50 && r.chance(0.03)) groups.push('chronic_ill');
            const phone = age >= 14 ? mobile(r) : '';
            const birthStr = `${birth.y}-${pad(birth.m, 2)}-${pad(birth.d, 2)}`;
            chunk.push(
              `${personId(birth, male)},${name},${male ? 'M' : 'F'},${birthStr},${phone},${household.id},${grid.id},"{${groups.join(',')}}"\n`,
            );
            residentCount++;
            inGrid++;
          }
          if (chunk.length >= 20_000) {
            residentCsv.push(chunk.join(''));
            chunk = [];
          }
        }
      }
    }
  }
  if (chunk.length) residentCsv.push(chunk.join(''));

  // The people who do the work.
  const people: PersonRow[] = [];
  const gridWorkers: Array<{ gridId: number; personId: number }> = [];
  const addPerson = (p: Omit<PersonRow, 'id'>) => {
    const row = { id: people.length + 1, ...p };
    people.push(row);
    return row;
  };
  for (const title of LEADER_TITLES) {
    addPerson({ name: personName(r), kind: 'leader', phone: mobile(r), title, partyMember: true, homeCommunityId: r.pick(communities).id });
  }
  for (const c of communities) {
    for (let k = 0; k < 3; k++) {
      addPerson({ name: personName(r), kind: 'community_cadre', phone: mobile(r), title: k === 0 ? `${c.name}党支部书记` : `${c.name}干部`, partyMember: k === 0 || r.chance(0.6), homeCommunityId: c.id });
    }
  }
  for (const g of grids) {
    const workers = r.chance(0.15) ? 2 : 1;
    for (let k = 0; k < workers; k++) {
      const p = addPerson({ name: personName(r), kind: 'grid_worker', phone: mobile(r), title: '网格员', partyMember: r.chance(0.4), homeCommunityId: g.parentId });
      gridWorkers.push({ gridId: g.id, personId: p.id });
    }
  }
  // Medical teams: a lead and ten sampling staff for each point.
  const medical: PersonRow[] = [];
  for (let k = 0; k < POINT_COUNT * 11; k++) {
    medical.push(addPerson({ name: personName(r), kind: 'medical', phone: mobile(r), title: k % 11 === 0 ? '医疗队队长' : '采样医护', partyMember: r.chance(0.3), homeCommunityId: r.pick(communities).id }));
  }
  // The cadres of the "0708" response's frontline: a commander and a branch secretary per command post,
  // and the Lizhiyuan No. 37 branch living inside the high-risk area (1 secretary, 2 deputies, 4 members).
  const townRow = (name: string) => regions.find((x) => x.level === 'town' && x.name === name)!;
  for (const post of RESPONSE_0708.posts) {
    const home = communities.find((c) => c.parentId === townRow(post).id)!.id;
    addPerson({ name: personName(r), kind: 'cadre', phone: mobile(r), title: `${post}一线指挥部指挥长`, partyMember: true, homeCommunityId: home });
    addPerson({ name: personName(r), kind: 'cadre', phone: mobile(r), title: `${post}一线指挥部临时党支部书记`, partyMember: true, homeCommunityId: home });
  }
  const lizhiyuan = communities.find((c) => c.name === NAMED_PLACES.lizhiyuan.community)!.id;
  for (const title of LIZHIYUAN_BRANCH_TITLES) {
    addPerson({ name: personName(r), kind: 'cadre', phone: mobile(r), title, partyMember: true, homeCommunityId: lizhiyuan });
  }

  // 146 sampling points, each with a point chief from the leadership teams, its medical team and the
  // grids of its community to serve; 恒福社区's is the article's north-gate point A of Hengfu Shangcheng.
  const hengfu = communities.find((c) => c.name === NAMED_PLACES.hengfu.community && c.parentId === townRow(NAMED_PLACES.hengfu.town).id)!;
  const others = communities.filter((c) => c !== hengfu);
  const hosts = [hengfu, ...Array.from({ length: POINT_COUNT - 1 }, (_, k) => others[Math.floor((k * others.length) / (POINT_COUNT - 1))])];
  const townOf = new Map(regions.filter((x) => x.level === 'town').map((t) => [t.id, t]));
  const taken = new Set<string>();
  const points: PointRow[] = hosts.map((c, k) => {
    const town = townOf.get(c.parentId!)!;
    let name = c === hengfu ? NAMED_PLACES.hengfu.point : `${c.name}采样点`;
    if (taken.has(name)) name = `${town.name}${name}`;
    taken.add(name);
    const chief = addPerson({ name: personName(r), kind: 'cadre', phone: mobile(r), title: `${name}点长`, partyMember: true, homeCommunityId: c.id });
    return {
      name,
      communityId: c.id,
      townName: town.name,
      address: c === hengfu ? NAMED_PLACES.hengfu.pointAddress : `${town.name}${c.name}${r.pick(POINT_SITES)}`,
      lat: Math.round((21.6 + r.next() * 0.2) * 1e5) / 1e5,
      lng: Math.round((110.8 + r.next() * 0.25) * 1e5) / 1e5,
      servedGridIds: grids.filter((g) => g.parentId === c.id).map((g) => g.id),
      chiefId: chief.id,
      medicalLeadId: medical[k * 11].id,
      medicalIds: medical.slice(k * 11 + 1, k * 11 + 11).map((m) => m.id),
    };
  });

  return { regions, buildings, households, residentCsv, residentCount, people, gridWorkers, points };
}
