// Schemas and examples shared by the documentation of the assets routes (assets.ts).
import { Type } from '@sinclair/typebox';
import { Nullable } from './route-docs.ts';

export const Asset = Type.Object({
  id: Type.String(),
  modelId: Type.Optional(Nullable(Type.String())),
  customerId: Type.Optional(Nullable(Type.String())),
  parentId: Type.Optional(Nullable(Type.String())),
  level: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  serial: Type.String(),
  site: Type.Optional(Type.String()),
  latitude: Type.Optional(Nullable(Type.Number())),
  longitude: Type.Optional(Nullable(Type.Number())),
  installDate: Type.Optional(Nullable(Type.String())),
  lifecycle: Type.Optional(Type.String()),
  properties: Type.Optional(
    Type.Object({
      rated_kw: Type.Optional(Type.Number()),
      rated_capacity: Type.Optional(Type.Number()),
      design_flow: Type.Optional(Type.Number()),
      chw_setpoint: Type.Optional(Type.Number()),
      rated_torque: Type.Optional(Type.Number()),
      rated_speed: Type.Optional(Type.Number()),
      design_load: Type.Optional(Type.Number()),
      design_outdoor_temp: Type.Optional(Type.Number()),
      max_speed: Type.Optional(Type.Number()),
      rated_power: Type.Optional(Type.Number()),
      stations: Type.Optional(Type.Number()),
      standard_cycle: Type.Optional(Type.Number()),
    }),
  ),
  createdAt: Type.Optional(Type.Number()),
  updatedAt: Type.Optional(Type.Number()),
  lastSeenAt: Type.Optional(Nullable(Type.Number())),
  line: Type.Optional(Type.Number()),
  action: Type.Optional(Type.String()),
});
export const LifecycleEvent = Type.Object({
  id: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  at: Type.Number(),
  actor: Type.String({ description: '`user:<id>`, `apikey:<id>`…' }),
  actorName: Nullable(
    Type.String({ description: "the user's name now; null for a deleted user or no user" }),
  ),
  note: Type.String(),
});
export const AssetModel = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: Type.String(),
  description: Type.String(),
  properties: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      unit: Type.String(),
      dataType: Type.String(),
      min: Type.Number(),
      max: Type.Number(),
    }),
  ),
  channels: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      dataType: Type.String(),
      unit: Type.Optional(Type.String()),
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
      expectedIntervalS: Type.Optional(Type.Number()),
    }),
  ),
  allowNewChannels: Type.Boolean(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export const Device = Type.Object({
  id: Type.String(),
  assetId: Type.String(),
  name: Type.String(),
  createdAt: Type.Number(),
  lastSeenAt: Nullable(Type.Number()),
  token: Type.Optional(Type.String()),
});

export const ASSETS_CSV =
  'serial,name,model,customer,parent,level,site,latitude,longitude,installDate,lifecycle\n' +
  'HXS-0001,换热站 1 Heat station 1,Heat station,苏州 Suzhou Group,,asset,Suzhou,31.3,120.6,2024-05-01,in_service\n';
