// Response schemas of the connector routes: a stored definition never carries its password.
import { Type } from '@sinclair/typebox';
import { ModbusDefinitionSchema, OpcUaDefinitionSchema } from '../../connectors/index.ts';

const Meta = Type.Object({
  id: Type.String(),
  enabled: Type.Boolean(),
  hasPassword: Type.Boolean({ description: 'whether a password is stored (it is never returned)' }),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const ConnectorSchema = Type.Union([
  Type.Composite([Type.Omit(OpcUaDefinitionSchema, ['password', 'enabled']), Meta], {
    additionalProperties: false,
  }),
  Type.Composite([Type.Omit(ModbusDefinitionSchema, ['enabled']), Meta], {
    additionalProperties: false,
  }),
]);

export const VerificationSchema = Type.Object({
  checked: Type.Boolean({ description: 'whether the node ids were checked on the server' }),
  reason: Nullable(Type.String({ description: 'why they could not be checked' })),
});

const MappingStatus = Type.Object({
  key: Type.String({ description: '<index>:<asset>/<channel>' }),
  lastValue: Nullable(Type.Number()),
  lastTs: Nullable(Type.Number()),
  lastError: Nullable(Type.String()),
  lastErrorAt: Nullable(Type.Number()),
  good: Type.Integer(),
  bad: Type.Integer({ description: 'values refused for bad quality or not being numbers' }),
  rate: Type.Number({ description: 'good values per second over about the last minute' }),
});

export const StatusSchema = Type.Object({
  id: Type.String(),
  runOn: Type.Union([Type.Literal('platform'), Type.Literal('gateway')]),
  running: Type.Boolean({ description: 'whether this platform runs it' }),
  state: Type.Union([Type.Literal('connecting'), Type.Literal('online'), Type.Literal('offline')]),
  lastError: Nullable(Type.String()),
  lastErrorAt: Nullable(Type.Number()),
  since: Type.Number(),
  mappings: Type.Array(MappingStatus),
  reportedAt: Nullable(
    Type.Number({ description: 'when its gateway last reported (gateway-run connectors)' }),
  ),
  stale: Type.Boolean({
    description: 'the gateway has not reported for three of its intervals: this is old news',
  }),
});

export const GatewayReportAnswer = Type.Object({
  stored: Type.Integer({ description: "reports kept: connectors of this gateway's device" }),
  ignored: Type.Array(Type.String(), {
    description: 'connector names reported that this device runs no definition of',
  }),
});

export const BrowsedSchema = Type.Object({
  namespaceUri: Type.String(),
  nodeId: Type.String(),
  browseName: Type.String(),
  displayName: Type.String(),
  nodeClass: Type.String(),
});
