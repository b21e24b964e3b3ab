// Shared pieces of route schemas. Every string has a length limit and every object forbids
// unknown fields, so oversized or misspelt input is a 400 that names the field.
import { Type, type TSchema } from '@sinclair/typebox';

export const Id = Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z]{2}_[0-9a-z]+$' });
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Text = Type.String({ maxLength: 2000 });
export const Slug = Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z0-9][a-z0-9-]*$' });
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const Key = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
});

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** One asset, by id (`as_…`) or by serial: wherever a route names one asset, either is taken. */
export const AssetRef = Type.String({
  minLength: 1,
  maxLength: 100,
  description: "the asset's id (as_…) or its serial",
});
export const AssetParams = Type.Object({ id: AssetRef }, { additionalProperties: false });

export const ErrorResponse = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});

export const Strict = <T extends Record<string, TSchema>>(props: T) =>
  Type.Object(props, { additionalProperties: false });

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
