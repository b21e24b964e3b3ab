// Test fixtures of the order flow: the down-jacket model with a price list (option prices, a
// surcharge when XXL and goose down combine, quantity breaks) and serialised units.
import type { ProductModelSpec } from '../configurator/model.ts';
import { jacketSpec } from './test-fixtures.ts';

export const pricedJacketSpec: ProductModelSpec = {
  ...structuredClone(jacketSpec),
  code: 'DJ02',
  name: 'Down jacket, made to order',
  pricing: {
    basePriceFen: 39_900,
    optionPrices: [
      { option: 'fabric', value: 'GORE', priceFen: 12_000 },
      { option: 'fill', value: 'GOOSE95', priceFen: 8_050 },
      { option: 'embroidery', value: 'logo', priceFen: 1_500 },
      { option: 'embroidery', value: 'name', priceFen: 2_550 },
    ],
    rules: [
      {
        kind: 'surcharge',
        id: 'xxl-goose',
        when: [
          { option: 'size', values: ['XXL'] },
          { option: 'fill', values: ['GOOSE95'] },
        ],
        amountFen: 1_999,
      },
      {
        kind: 'quantity-break',
        id: 'volume',
        breaks: [
          { minQuantity: 10, discountBp: 250 },
          { minQuantity: 50, discountBp: 500 },
        ],
      },
    ],
    validityDays: 14,
  },
  serialised: { serialPrefix: 'DJ02-' },
};
