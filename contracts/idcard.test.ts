import { describe, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber, maskPhone, parseIdNumber } from './idcard.ts';

describe('GB 11643 identity numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // The standard's own example.
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44090219900101123')).toBe('3');
  });

  it('reads birth date and gender from a valid number', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'F' });
    expect(parseIdNumber('440902199001011233')).toEqual({ birthDate: '1990-01-01', gender: 'M' });
    expect(parseIdNumber(' 11010519491231002x ')).toEqual({ birthDate: '1949-12-31', gender: 'F' });
  });

  it('names the first thing wrong', () => {
    expect(parseIdNumber('44090219900101123')).toBe('id_format');
    expect(parseIdNumber('4409021990010112301')).toBe('id_format');
    expect(parseIdNumber('44090219900101123A')).toBe('id_format');
    expect(parseIdNumber('440902199001011231')).toBe('id_checksum');
    expect(parseIdNumber('000902199001011230')).toBe('id_region');
    expect(parseIdNumber('440902199002301233')).toBe('id_birth');
    expect(parseIdNumber('440902209901011234', new Date('2026-01-01'))).toBe('id_birth');
  });

  it('masks ID numbers and phones as the field expects', () => {
    expect(maskIdNumber('440902199001011230')).toBe('4409**********1230');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
  });
});
