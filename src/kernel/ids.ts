import { randomBytes } from 'node:crypto';
import type { Brand } from './brand.ts';

export type TenantId = Brand<string, 'TenantId'>;
export type CustomerId = Brand<string, 'CustomerId'>;
export type UserId = Brand<string, 'UserId'>;
export type ApiKeyId = Brand<string, 'ApiKeyId'>;
export type AssetModelId = Brand<string, 'AssetModelId'>;
export type AssetId = Brand<string, 'AssetId'>;
export type DeviceId = Brand<string, 'DeviceId'>;

/** Prefixes make an id's kind visible in logs and URLs (Stripe-style), e.g. `as_4k2…`. */
export const idPrefixes = {
  tenant: 'tn',
  customer: 'cu',
  user: 'us',
  apiKey: 'ak',
  assetModel: 'am',
  asset: 'as',
  device: 'dv',
} as const;

interface IdKinds {
  tenant: TenantId;
  customer: CustomerId;
  user: UserId;
  apiKey: ApiKeyId;
  assetModel: AssetModelId;
  asset: AssetId;
  device: DeviceId;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** Random base32 string with 5 bits per character from a CSPRNG. */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! & 31];
  return out;
}

/** A new id of the given kind: prefix, underscore, 16 base32 characters (80 bits). */
export function newId<K extends keyof IdKinds>(kind: K): IdKinds[K] {
  return `${idPrefixes[kind]}_${randomBase32(16)}` as IdKinds[K];
}
