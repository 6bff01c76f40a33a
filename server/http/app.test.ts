import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { DEMO_PASSWORD } from '../seed/seed.service.ts';
import { demoFixture, scalar, sql } from '../testing/fixtures.ts';
import { buildApp } from './app.ts';

describe('the HTTP API', () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const f = await demoFixture();
    ({ database, drop } = f);
    app = await buildApp(f.services, { logLevel: 'silent', loginRateLimit: 5 });
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const login = async (username: string, password = DEMO_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const cookie = res.cookies.find((c) => c.name === 'gridline_session');
    return { res, cookie: cookie ? `gridline_session=${cookie.value}` : '' };
  };

  it('answers health with the engine in use', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: database.kind });
  });

  it('answers unknown routes, missing sessions and bad input in the one error shape', async () => {
    const notFound = await app.inject('/api/no-such-thing');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual({ error: 'route_not_found', message: '接口不存在' });

    const anon = await app.inject('/api/regions/root');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toEqual({ error: 'unauthenticated', message: '请先登录' });

    const { cookie } = await login('command');
    const bad = await app.inject({ url: '/api/residents?q=&pageSize=5000', headers: { cookie, 'accept-language': 'en-US,en' } });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body).toMatchObject({ error: 'validation_failed', message: 'The request is not valid' });
    expect(body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/pageSize', '/q']);

    const badId = await app.inject({ url: '/api/regions/abc', headers: { cookie } });
    expect(badId.statusCode).toBe(400);
    const badJson = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{oops' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ error: 'ctp_invalid_json_body', message: '请求格式不正确' });
    expect(badJson.body).not.toContain(' at ');
  });

  it('logs in with an httpOnly session cookie, knows who is there, and logs out', async () => {
    const { res, cookie } = await login('zhanqian');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'zhanqian', role: 'area_chief', scope: { name: '站前街道', level: 'town' }, mayRevealPii: false, mayCommand: false });
    expect((await login('command')).res.json()).toMatchObject({ role: 'district_command', mayCommand: true });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({ username: 'zhanqian' });
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('stores passwords as argon2id and refuses wrong ones in the user language', async () => {
    expect(await scalar<string>(database, sql`select password_hash from users where username = 'admin'`)).toMatch(/^\$argon2id\$/);
    const zh = await login('admin', 'wrong');
    expect(zh.res.statusCode).toBe(401);
    expect(zh.res.json()).toEqual({ error: 'bad_credentials', message: '用户名或密码错误' });
    const en = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-gridline-locale': 'en' }, payload: { username: 'nobody', password: 'x' } });
    expect(en.json()).toEqual({ error: 'bad_credentials', message: 'Wrong username or password' });
  });

  it('enforces the scope on every read: 403, never data', async () => {
    const { cookie } = await login('grid');
    const root = (await app.inject({ url: '/api/regions/root', headers: { cookie } })).json();
    expect(root.region.level).toBe('grid');
    const districtId = await scalar(database, sql`select id from regions where level = 'district'`);
    const district = await app.inject({ url: `/api/regions/${districtId}`, headers: { cookie } });
    expect(district.statusCode).toBe(403);
    expect(district.json()).toEqual({ error: 'forbidden', message: '无权访问该范围的数据' });
    const outsider = await scalar(database, sql`select id from residents where grid_id <> ${root.region.id} limit 1`);
    const res = await app.inject({ url: `/api/residents/${outsider}`, headers: { cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('idNumber');
  });

  it('imports over HTTP: 422 with every bad row, and the template downloads', async () => {
    const { cookie } = await login('command');
    const boundary = 'gridlineboundary';
    const file = '姓名,身份证号,性别,出生日期,手机号,镇街,村社区,网格,楼栋,门牌号,特殊人群\n坏号,440902199001011231,,,,站前街道,恒福社区,第1网格,1栋,1,\n';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bad.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`;
    const res = await app.inject({ method: 'POST', url: '/api/residents/import/residents', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'import_rejected', message: '文件中有 1 处错误，未导入任何数据', details: { errors: [{ row: 2, column: '身份证号', value: '440902199001011231', reason: '身份证号校验位错误' }] } });

    const noFile = await app.inject({ method: 'POST', url: '/api/residents/import/residents', headers: { cookie } });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toMatchObject({ message: '请上传文件' });

    const tpl = await app.inject({ url: '/api/residents/import/residents/template?format=xlsx', headers: { cookie } });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
    expect(tpl.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const ExcelJS = (await import('exceljs')).default;
    const read = async (locale: string) => {
      const res = await app.inject({ url: `/api/residents/import/residents/template?format=xlsx&locale=${locale}`, headers: { cookie } });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return String(wb.getWorksheet('说明')!.getRow(2).getCell(3).value);
    };
    expect(await read('en')).toBe('Full name');
    expect(await read('zh-CN')).toBe('居民姓名');
  });

  it('documents the API from the same contracts', async () => {
    const spec = (await app.inject('/api/docs/json')).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/regions/{id}', '/api/residents/', '/api/residents/import/{kind}']));
    expect(spec.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
  });

  it('rate-limits login attempts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await login('admin', 'wrong')).res.statusCode);
    expect(codes).toContain(429);
    const limited = await login('admin');
    expect(limited.res.statusCode).toBe(429);
    expect(limited.res.json()).toMatchObject({ error: 'too_many_requests' });
    // A client naming another address of its own is still the same client: no proxy is trusted by default.
    const spoofed = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': '203.0.113.77' }, payload: { username: 'admin', password: DEMO_PASSWORD } });
    expect(spoofed.statusCode).toBe(429);
  });
});
