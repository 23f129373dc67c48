import { describe, expect, it } from 'vitest';
import { rangeAllowsMajor } from './node-version.js';

describe('rangeAllowsMajor', () => {
  const cases: [range: string, yes: number[], no: number[]][] = [
    ['20', [20], [18, 22]],
    ['20.x', [20], [18, 22]],
    ['>=18', [18, 20, 22], [16]],
    ['>=18 <21', [18, 20], [16, 22]],
    ['>18.0.0', [18, 20], [16]],
    ['>20', [22], [20]],
    ['<=20', [18, 20], [22]],
    ['<20.0.0', [18], [20]],
    ['^18.17.0', [18], [20]],
    ['^0.12', [0], [1]],
    ['~20.5', [20], [22]],
    ['18.x || 22.x', [18, 22], [20]],
    ['18 - 20', [18, 20], [22]],
    ['*', [16, 22], []],
    ['>= 20.9.0', [20, 22], [18]],
  ];
  for (const [range, yes, no] of cases) {
    it(`"${range}" admits ${yes.join(', ') || 'nothing listed'} and not ${no.join(', ') || 'nothing listed'}`, () => {
      for (const major of yes) expect(rangeAllowsMajor(range, major)).toBe(true);
      for (const major of no) expect(rangeAllowsMajor(range, major)).toBe(false);
    });
  }

  it('returns undefined for what is not a range', () => {
    expect(rangeAllowsMajor('lts/iron', 20)).toBeUndefined();
    expect(rangeAllowsMajor('>=abc', 20)).toBeUndefined();
  });
});
