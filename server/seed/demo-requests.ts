import { randomUUID } from 'node:crypto';
import type { Database } from '../db/index.ts';
import { queryRows } from '../db/index.ts';
import { sql } from 'drizzle-orm';
import type { Services } from '../services.ts';
import { NAMED_PLACES } from './demo-district.ts';

/** The demo's receipt photo: a 1×1 PNG standing in for the picture of a shop's receipt. */
const RECEIPT = { data: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'), mimetype: 'image/png' };

/** Signs a demo account in for the seed's own steps and out again (no session is left behind). */
async function asAccount<T>(services: Services, username: string, password: string, fn: (user: NonNullable<Awaited<ReturnType<Services['auth']['resolve']>>>) => Promise<T>) {
  const { token } = await services.auth.login(username, password);
  try {
    return await fn(services.auth.requireUser(await services.auth.resolve(token)));
  } finally {
    await services.auth.logout(token);
  }
}

/**
 * Household codes for every door of 荔枝园村 No. 37 (and one for the building's entrance), and a
 * few requests of its households in every state: open errands and a medicine need for the errand
 * squad, one claimed by the demo volunteer, one delivered awaiting the household, one confirmed, an
 * answered question, and a problem phoned in to the hotline.
 */
export async function seedDemoRequests(database: Database, services: Services, password: string) {
  const [no37] = await queryRows<{ id: number }>(database.db, sql`
    select b.id from buildings b join regions g on g.id = b.grid_id join regions c on c.id = g.parent_id join regions t on t.id = c.parent_id
    where b.name = ${NAMED_PLACES.lizhiyuan.building} and c.name = ${NAMED_PLACES.lizhiyuan.community} and t.name = ${NAMED_PLACES.lizhiyuan.town}`);
  if (!no37) return { codes: 0, requests: 0 };
  const r = services.requests;
  return asAccount(services, 'command', password, async (command) => {
    const doors = await r.issueCodes(command, { buildingId: no37.id, per: 'household', validDays: 30 });
    await r.issueCodes(command, { buildingId: no37.id, per: 'building', validDays: 30 });
    const sheet = await r.codeSheet(command, no37.id);
    const codes = sheet.doors.filter((d) => d.code).map((d) => d.code!);
    if (!codes.length) return { codes: 0, requests: 0 };
    const code = (i: number) => codes[i % codes.length];
    const file = (i: number, req: Omit<Parameters<typeof r.fileByCode>[1], 'clientId'>) => r.fileByCode(code(i), { clientId: randomUUID(), ...req });

    await file(0, { kind: 'errand', items: [{ name: '大米', quantity: 10, unit: '斤' }, { name: '食用油', quantity: 1, unit: '桶' }], budgetYuan: 120, body: '' });
    await file(1, { kind: 'medicine', items: [], body: '硝苯地平缓释片 两盒（高血压，家里快吃完了）', budgetYuan: 60 });
    const claimed = await file(2, { kind: 'errand', items: [{ name: '青菜', quantity: 3, unit: '斤' }, { name: '鸡蛋', quantity: 20, unit: '个' }], budgetYuan: 50, body: '' });
    const delivered = await file(3, { kind: 'errand', items: [{ name: '婴儿奶粉', quantity: 1, unit: '罐' }], budgetYuan: 300, body: '要一段的' });
    const confirmed = await file(4, { kind: 'errand', items: [{ name: '卫生纸', quantity: 1, unit: '提' }], budgetYuan: 40, body: '' });
    const question = await file(5, { kind: 'question', items: [], body: '明天还做核酸吗？几点下楼？' });

    await asAccount(services, 'volunteer', password, async (volunteer) => {
      await r.claim(volunteer, [claimed.id, delivered.id, confirmed.id]);
      await r.buy(volunteer, delivered.id, { receiptYuan: 268, photo: RECEIPT });
      await r.deliver(volunteer, delivered.id, { note: '已放门口，电话告知' });
      await r.buy(volunteer, confirmed.id, { receiptYuan: 35.5, photo: RECEIPT });
      await r.deliver(volunteer, confirmed.id, { note: '已当面交给住户' });
    });
    await r.confirmByCode(code(4), confirmed.id);
    await r.answer(command, question.id, '明早 8:00 起按楼层下楼采样，37号由医护上门，请在家等候。');

    const [other] = await queryRows<{ id: number }>(database.db, sql`
      select h.id from households h join buildings b on b.id = h.building_id join regions g on g.id = b.grid_id
      where g.parent_id = (select c.parent_id from buildings b2 join regions c on c.id = b2.grid_id where b2.id = ${no37.id})
        and b.id <> ${no37.id} order by h.id limit 1`);
    let requests = 6;
    if (other) {
      await r.file(command, { clientId: randomUUID(), kind: 'problem', items: [], body: '楼道垃圾两天没人清运', householdId: other.id });
      requests++;
    }
    return { codes: doors.issued + 1, requests };
  });
}
