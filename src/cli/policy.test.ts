import { describe, expect, it } from 'vitest';
import { moneyFormat } from './policy.js';

describe('amounts on the policy plot', () => {
  it('keeps small totals readable and large ones short', () => {
    // costs written in kEUR: 247 / 105 / 25 must not all read 0k
    const k = moneyFormat([247, 105, 25]);
    expect([247, 105, 25, 50].map(k)).toEqual(['247', '105', '25', '50']);
    const small = moneyFormat([4.5, 1.25]);
    expect([4.5, 1.25, 0].map(small)).toEqual(['4.50', '1.25', '0.00']);
    const eur = moneyFormat([2_980_800, 906_800, 606_800]);
    expect([2_980_800, 500_000].map(eur)).toEqual(['2.98M', '0.50M']);
    const mid = moneyFormat([906_800, 606_800]);
    expect([906_800, 45_500].map(mid)).toEqual(['907k', '46k']);
    // all zero: one zero, no -0k
    const zero = moneyFormat([0, 0]);
    expect([-0, 0].map(zero)).toEqual(['0.00', '0.00']);
  });
});
