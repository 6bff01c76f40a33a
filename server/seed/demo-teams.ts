import type { Database } from '../db/index.ts';
import { analyze } from '../db/bulk.ts';
import { insertAssignmentsBulk } from '../modules/assignments/assignments.repository.ts';
import { setUserPerson } from '../modules/auth/auth.repository.ts';
import { copyPeople } from '../modules/people/people.repository.ts';
import { listTree } from '../modules/regions/regions.repository.ts';
import { copyTeamMembers, insertSignupsBulk, insertSquadsBulk, insertTeamsBulk, nextPersonId, type SquadKind } from '../modules/teams/teams.repository.ts';
import { mobile, personName } from './names.ts';
import { rng } from './random.ts';
import { NAMED_PLACES, TOWNS } from './demo-district.ts';

/**
 * The article's volunteer forces, the same at every seed scale: 43 "首善先锋" party volunteer teams
 * under their parent units, 4,000+ volunteers, the Organisation Department's 45 cadres, and the
 * 25-person errand squad sent into 荔枝园村. Deliberate gaps: one team without a captain, two squads
 * below their `needed`. A few sign-ups wait for approval.
 */
export const TEAM_SUFFIX = '首善先锋党员志愿服务队';
export const DEMO_TEAMS = {
  /** The team of the `captain` demo account: it works 站前街道. */
  captainTeam: `${NAMED_PLACES.hengfu.town}${TEAM_SUFFIX}`,
  /** The team whose errand squad works inside the high-risk area. */
  errandTeam: `${NAMED_PLACES.lizhiyuan.town}${TEAM_SUFFIX}`,
  /** 跑腿小分队: 25 members, region 荔枝园村; the `volunteer` demo account is one of them. */
  errandSquad: '跑腿小分队',
  errandSquadSize: 25,
  /** 区委组织部's team of 45 cadres (people of kind 'cadre'). */
  cadreTeam: `区委组织部${TEAM_SUFFIX}`,
  cadreCount: 45,
  /** Deliberate gaps. */
  captainlessTeam: `区统计局${TEAM_SUFFIX}`,
  shortSquads: [
    { team: `鳌头镇${TEAM_SUFFIX}`, squad: '入户采样组' },
    { team: `区司法局${TEAM_SUFFIX}`, squad: '卡口值守组' },
  ],
  teamCount: 43,
} as const;

/** Squad names by kind (the errand squad inside the high-risk area is named apart). */
export const SQUAD_NAMES: Record<SquadKind, string> = {
  errands: '代办跑腿组',
  door_to_door: '入户采样组',
  point_support: '采样点保障组',
  checkpoint: '卡口值守组',
  deliveries: '物资配送组',
};
const ALL_KINDS: SquadKind[] = ['errands', 'door_to_door', 'point_support', 'checkpoint', 'deliveries'];

/** Bureaus that raised a team (31), besides the 11 towns and the Organisation Department. */
const BUREAUS = [
  '区人大常委会', '区审计局', '区司法局', '区人社局', '区市场监管局', '区委宣传部', '区政协', '区委办', '区政府办', '区纪委监委',
  '区委统战部', '区委政法委', '区发展改革局', '区教育局', '区科工信局', '区民政局', '区财政局', '区住建局', '区交通运输局', '区水务局',
  '区农业农村局', '区商务局', '区文广旅体局', '区卫健局', '区退役军人事务局', '区应急管理局', '区统计局', '区医保局', '区城管执法局',
  '区总工会', '团区委',
];
const SKILLS = ['driving', 'first_aid', 'sampling', 'dialect', 'publicity', 'logistics', 'counselling', 'medical'];
const AVAILABILITY = ['工作日 18:00-21:00', '周末全天', '全天可调', '工作日 08:00-12:00', '夜间 21:00-08:00'];
const TOWN_MEMBERS = 150;
const BUREAU_MEMBERS = 80;

export async function seedDemoTeams(database: Database) {
  const r = rng(5043);
  const tree = await listTree(database.db);
  const district = tree.find((x) => x.level === 'district')!;
  const towns = tree.filter((x) => x.level === 'town');
  const communities = tree.filter((x) => x.level === 'community');
  const communitiesOf = (townId: number) => communities.filter((c) => c.parentId === townId);
  const townByName = (name: string) => towns.find((t) => t.name === name)!;
  const lizhiyuan = communities.find((c) => c.name === NAMED_PLACES.lizhiyuan.community && c.parentId === townByName(NAMED_PLACES.lizhiyuan.town).id)!;
  const hengfu = communities.find((c) => c.name === NAMED_PLACES.hengfu.community && c.parentId === townByName(NAMED_PLACES.hengfu.town).id)!;

  // The teams: one per town (its party working committee), the Organisation Department's, 31 bureaus'.
  interface TeamPlan { name: string; parentUnit: string; regionId: number; size: number; kinds: SquadKind[]; cadres: boolean }
  const plans: TeamPlan[] = [
    ...towns.map((t) => ({
      name: `${t.name}${TEAM_SUFFIX}`,
      parentUnit: `${t.name}${TOWNS.find((x) => x.name === t.name)!.village ? '党委' : '党工委'}`,
      regionId: t.id,
      size: TOWN_MEMBERS,
      kinds: ALL_KINDS,
      cadres: false,
    })),
    { name: DEMO_TEAMS.cadreTeam, parentUnit: '区委组织部', regionId: district.id, size: DEMO_TEAMS.cadreCount, kinds: ['point_support', 'door_to_door'], cadres: true },
    ...BUREAUS.map((b, i) => ({
      name: `${b}${TEAM_SUFFIX}`,
      parentUnit: b,
      regionId: i % 5 === 4 ? district.id : towns[i % towns.length].id,
      size: BUREAU_MEMBERS,
      kinds: [0, 1, 2].map((k) => ALL_KINDS[(i + k) % ALL_KINDS.length]),
      cadres: false,
    })),
  ];

  return database.transaction(async (tx) => {
    const created = await insertTeamsBulk(tx.db, plans.map((p) => ({ name: p.name, parentUnit: p.parentUnit, regionId: p.regionId })));
    const teamId = new Map(created.map((c) => [c.name, c.id]));

    // Squads: needed counts share ~80% of the team; the rest are a reserve with no squad.
    const squadRows = plans.flatMap((p) =>
      p.kinds.map((kind) => {
        const errand = p.name === DEMO_TEAMS.errandTeam && kind === 'errands';
        return {
          teamId: teamId.get(p.name)!,
          name: errand ? DEMO_TEAMS.errandSquad : SQUAD_NAMES[kind],
          kind,
          regionId: errand ? lizhiyuan.id : null,
          needed: errand ? DEMO_TEAMS.errandSquadSize : Math.floor((p.size * 0.8) / p.kinds.length),
        };
      }),
    );
    const squads = await insertSquadsBulk(tx.db, squadRows);
    const squadId = (team: string, name: string) => squads.find((s) => s.teamId === teamId.get(team) && s.name === name)!.id;

    // People and members, team by team.
    let id = await nextPersonId(tx.db);
    const persons: Array<{ id: number; name: string; kind: 'cadre' | 'volunteer'; phone: string; title: string; partyMember: boolean; homeCommunityId: number }> = [];
    const members: Array<{ teamId: number; personId: number; squadId: number | null; skills: string[]; availability: string[]; trained: boolean }> = [];
    const captains: Array<{ team: string; personId: number }> = [];
    let volunteerPersonId = 0;
    for (const p of plans) {
      const home = p.regionId === district.id ? communities : communitiesOf(p.regionId);
      const tid = teamId.get(p.name)!;
      const teamSquads = squadRows.filter((s) => s.teamId === tid);
      // Members fill the squads in order, the captain first (in no squad), then the reserve.
      const slots: Array<number | null> = [null];
      for (const s of teamSquads) {
        const short = DEMO_TEAMS.shortSquads.some((x) => x.team === p.name && x.squad === s.name);
        const n = short ? s.needed - 3 : s.needed;
        for (let k = 0; k < n; k++) slots.push(squadId(p.name, s.name));
      }
      const size = Math.max(p.size, slots.length);
      while (slots.length < size) slots.push(null);
      slots.forEach((squad, k) => {
        const inErrandSquad = squad !== null && p.name === DEMO_TEAMS.errandTeam && squad === squadId(p.name, DEMO_TEAMS.errandSquad);
        const first = inErrandSquad && volunteerPersonId === 0;
        const person = {
          id: id++,
          name: personName(r),
          kind: p.cadres ? ('cadre' as const) : ('volunteer' as const),
          phone: mobile(r),
          title: p.cadres ? '区委组织部干部' : k === 0 ? `${p.name}队长` : `${p.name}队员`,
          partyMember: p.cadres || k === 0 || r.chance(0.85),
          // The demo volunteer lives in 恒福社区 and was sent into 荔枝园村 with the squad.
          homeCommunityId: first ? hengfu.id : r.pick(home).id,
        };
        if (first) volunteerPersonId = person.id;
        persons.push(person);
        const skills = [...new Set([r.pick(SKILLS), ...(r.chance(0.5) ? [r.pick(SKILLS)] : [])])].sort();
        if (inErrandSquad && !skills.includes('logistics')) skills.push('logistics');
        // A few of the reserve are not trained yet (never the captain or a squad member).
        const trained = !(squad === null && k > 0 && k % 23 === 0);
        members.push({ teamId: tid, personId: person.id, squadId: squad, skills, availability: [r.pick(AVAILABILITY)], trained });
        if (k === 0 && p.name !== DEMO_TEAMS.captainlessTeam) captains.push({ team: p.name, personId: person.id });
      });
    }
    await copyPeople(tx, persons);
    await copyTeamMembers(tx, members);
    await insertAssignmentsBulk(tx.db, captains.map((c) => ({ unitType: 'team', unitId: teamId.get(c.team)!, role: 'team_captain', personId: c.personId, assignedBy: null })));

    // A handful of sign-ups waiting: three for the 站前街道 team (one not yet 18, one not trained).
    const zhanqianHomes = communitiesOf(townByName(NAMED_PLACES.hengfu.town).id);
    const signup = (k: number, team: string, birthDate: string, trained: boolean, homeCommunityId: number) => ({
      clientId: `00000000-0000-4000-8000-${String(708000 + k).padStart(12, '0')}`,
      name: personName(r),
      phone: mobile(r),
      birthDate,
      partyMember: k % 2 === 0,
      homeCommunityId,
      teamId: teamId.get(team)!,
      skills: [r.pick(SKILLS)],
      availability: [r.pick(AVAILABILITY)],
      trained,
    });
    await insertSignupsBulk(tx.db, [
      signup(1, DEMO_TEAMS.captainTeam, '1990-05-12', true, hengfu.id),
      signup(2, DEMO_TEAMS.captainTeam, '2010-03-01', true, zhanqianHomes[1].id),
      signup(3, DEMO_TEAMS.captainTeam, '1985-11-23', false, zhanqianHomes[2].id),
      signup(4, DEMO_TEAMS.errandTeam, '1996-07-08', true, lizhiyuan.id),
      signup(5, `${BUREAUS[0]}${TEAM_SUFFIX}`, '1978-02-14', true, r.pick(communities).id),
      signup(6, DEMO_TEAMS.cadreTeam, '1988-09-30', true, r.pick(communities).id),
    ]);

    // The demo accounts: `captain` leads the 站前街道 team, `volunteer` runs errands in 荔枝园村.
    const captainPersonId = captains.find((c) => c.team === DEMO_TEAMS.captainTeam)!.personId;
    await setUserPerson(tx.db, 'captain', captainPersonId);
    await setUserPerson(tx.db, 'volunteer', volunteerPersonId);
    await analyze(tx.db, ['people', 'team_members', 'teams', 'squads']);
    return { teams: created.length, squads: squads.length, people: persons.length, members: members.length, captainPersonId, volunteerPersonId };
  });
}
