// Request schemas of the manufacturing order flow (issue 19): price lists, quotes, materials,
// purchase orders and material issue. Money is whole fen (integers); quantities of material
// are decimal (metres, kilograms) in the BOM item's unit.
import { Type } from '@sinclair/typebox';
import { Id, Key, Name, Strict } from '../schemas.ts';

const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const Epoch = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 });
const Fen = Type.Integer({ minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 });
const Condition = Strict({ option: Key, values: Type.Array(Code, { minItems: 1, maxItems: 100 }) });
const Configuration = Type.Record(Key, Code, { maxProperties: 100 });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Amount = Type.Number({ exclusiveMinimum: 0, maximum: 1e9 });
export const Item = Type.String({ minLength: 1, maxLength: 200 });

export const PricingBody = Strict({
  basePriceFen: Fen,
  optionPrices: Type.Array(Strict({ option: Key, value: Code, priceFen: Fen }), {
    maxItems: 2000,
  }),
  rules: Type.Array(
    Type.Union([
      Strict({
        kind: Type.Literal('surcharge'),
        id: Code,
        when: Type.Array(Condition, { minItems: 1, maxItems: 20 }),
        amountFen: Fen,
      }),
      Strict({
        kind: Type.Literal('quantity-break'),
        id: Code,
        breaks: Type.Array(
          Strict({
            minQuantity: Quantity,
            discountBp: Type.Integer({ minimum: 0, maximum: 10_000 }),
          }),
          { minItems: 1, maxItems: 50 },
        ),
      }),
    ]),
    { maxItems: 200 },
  ),
  validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
});

export const Serialised = Strict({
  serialPrefix: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
  assetModelId: Type.Optional(Id),
});

export const Serials = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 10_000,
});

export const QuoteBody = Strict({
  modelId: Id,
  customerId: Type.Optional(Type.Union([Id, Type.Null()])),
  reference: Type.Optional(Type.String({ maxLength: 100 })),
  configuration: Configuration,
  quantity: Quantity,
  validUntil: Type.Optional(Epoch),
});

export const AcceptBody = Strict({
  dueAt: Epoch,
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  reference: Type.Optional(Type.String({ maxLength: 100 })),
});

export const MaterialsBody = Strict({
  rows: Type.Array(
    Strict({
      item: Item,
      unit: Type.String({ minLength: 1, maxLength: 16 }),
      onHand: Type.Number({ minimum: 0, maximum: 1e12 }),
      leadTimeDays: Type.Number({ minimum: 0, maximum: 365 }),
    }),
    { minItems: 1, maxItems: 10_000 },
  ),
});

export const PurchaseOrderBody = Strict({
  item: Item,
  quantity: Amount,
  dueAt: Epoch,
  supplier: Type.Optional(Name),
});

export const PurchaseQuery = Strict({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('received')])),
});

export const IssueBody = Strict({
  lines: Type.Array(
    Strict({
      item: Item,
      quantity: Amount,
      lot: Type.Optional(Type.String({ maxLength: 100 })),
      serials: Type.Optional(Serials),
    }),
    { minItems: 1, maxItems: 500 },
  ),
  at: Type.Optional(Epoch),
});
