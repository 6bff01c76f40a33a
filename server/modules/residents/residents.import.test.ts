import { describe, expect, it } from 'vitest';
import { mapColumns, MissingColumns, RESIDENT_COLUMNS, regionIndex, validateRegions, validateResidents } from './residents.import.ts';

const HEADERS = ['姓名', '身份证号', '性别', '出生日期', '手机号', '镇街', '村社区', '网格', '楼栋', '门牌号', '特殊人群'];
const regions = regionIndex([
  { id: 1, parentId: null, level: 'district', name: '茂南区' },
  { id: 2, parentId: 1, level: 'town', name: '站前街道' },
  { id: 3, parentId: 2, level: 'community', name: '恒福社区' },
  { id: 4, parentId: 3, level: 'grid', name: '第1网格' },
]);
const place = ['站前街道', '恒福社区', '第1网格', '1栋', '101'];
const table = (...rows: string[][]) => ({ headers: HEADERS, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });
const today = new Date('2026-11-29T00:00:00Z');

describe('validateResidents', () => {
  it('accepts a good row and derives gender and birth date from the ID number', () => {
    const { valid, errors } = validateResidents(table(['陈小明', '440902199001011233', '', '', '13812345678', ...place, '独居老人、慢性病']), regions, 'zh-CN', today);
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      { row: 2, idNumber: '440902199001011233', name: '陈小明', gender: 'M', birthDate: '1990-01-01', phone: '13812345678', gridId: 4, building: '1栋', door: '101', specialGroups: ['elderly_alone', 'chronic_ill'] },
    ]);
  });

  it('reports every problem of every row, with row number, column and a reason in the user language', () => {
    const { valid, errors } = validateResidents(
      table(
        ['陈小明', '440902199001011231', '男', '1990-01-01', '13812345678', ...place, ''],
        ['', '440902199101011249', '女', '1991-01-01', '12345', '站前街道', '不存在社区', '第1网格', '1栋', '102', '外星人'],
        ['李四', '440902199001011233', '', '', '', ...place, ''],
        ['王五', '440902199001011233', '', '', '', ...place, ''],
        ['赵六', '440902196001010018', '女', '1960-02-01', '', ...place, ''],
      ),
      regions,
      'zh-CN',
      today,
    );
    expect(valid.map((v) => v.row)).toEqual([4]);
    const by = errors.map((e) => `${e.row}:${e.column}`);
    expect(by).toEqual(['2:身份证号', '3:姓名', '3:手机号', '3:村社区', '3:特殊人群', '5:身份证号', '6:性别', '6:出生日期']);
    expect(errors[0].reason).toBe('身份证号校验位错误');
    expect(errors[3].reason).toBe('村（社区）“不存在社区”不在站前街道');
    expect(errors[5].reason).toBe('与第 4 行重复');
    expect(errors[6].reason).toContain('男');
    expect(errors[7].reason).toContain('1960-01-01');
  });

  it('speaks English when asked', () => {
    const { errors } = validateResidents(table(['陈小明', '440902199001011231', '', '', '', ...place, '']), regions, 'en', today);
    expect(errors[0].reason).toBe('The ID number check digit is wrong');
  });

  it('refuses a file without the required columns, naming them', () => {
    expect(() => mapColumns(['姓名', '手机号'], RESIDENT_COLUMNS)).toThrow(MissingColumns);
    try {
      mapColumns(['姓名', '手机号'], RESIDENT_COLUMNS);
    } catch (err) {
      expect((err as MissingColumns).columns).toEqual(['身份证号', '镇街', '村社区', '网格', '楼栋', '门牌号']);
    }
  });
});

describe('validateRegions', () => {
  it('flags blanks and duplicate grids', () => {
    const { valid, errors } = validateRegions(
      { headers: ['镇街', '村社区', '网格'], rows: [{ row: 2, cells: ['站前街道', '新社区', '第1网格'] }, { row: 3, cells: ['站前街道', '新社区', '第1网格'] }, { row: 4, cells: ['站前街道', '', '第2网格'] }] },
      'zh-CN',
    );
    expect(valid).toHaveLength(1);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[3, '网格'], [4, '村社区']]);
  });
});
