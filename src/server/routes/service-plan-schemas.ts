// TypeBox schemas of the maintenance-plan, checklist, attachment, sign-off, as-built and passport
// routes (src/server/routes/service-plans.ts); unknown fields are refused naming the field.
// Trigger defaults are filled by the plan store (Ajv applies no defaults inside a union).
import { Type } from '@sinclair/typebox';
import { Id, Name, Strict, Text } from '../schemas.ts';
import { lit, Priority, Skills } from './service-schemas.ts';

const CalendarTrigger = Strict({
  kind: Type.Literal('calendar'),
  every: Type.Integer({ minimum: 1, maximum: 1000 }),
  unit: lit(['day', 'week', 'month'] as const),
  startDate: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
  atTime: Type.Optional(Type.String({ maxLength: 5, description: 'HH:MM local time; 08:00' })),
  leadDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  timeZone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
});

const UsageTrigger = Strict({
  kind: Type.Literal('usage'),
  metric: lit(['running_hours', 'cycles', 'counter'] as const),
  channel: Type.String({ minLength: 1, maxLength: 64 }),
  threshold: Type.Optional(Type.Number()),
  interval: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
  maxGapMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080 })),
});

export const PlanBody = Strict({
  name: Name,
  assetId: Type.Optional(Type.Union([Id, Type.Null()])),
  modelId: Type.Optional(Type.Union([Id, Type.Null()])),
  trigger: Type.Union([CalendarTrigger, UsageTrigger]),
  title: Name,
  priority: Priority,
  skills: Type.Optional(Skills),
  checklistTemplateId: Type.Optional(Type.Union([Id, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
});

export const TemplateBody = Strict({
  name: Name,
  modelId: Type.Optional(Type.Union([Id, Type.Null()])),
  items: Type.Array(
    Strict({ text: Type.String({ minLength: 1, maxLength: 500 }), mandatory: Type.Boolean() }),
    { minItems: 1, maxItems: 200 },
  ),
});

export const CheckBody = Strict({ done: Type.Boolean(), note: Type.Optional(Text) });

export const AttachmentBody = Strict({
  kind: lit(['photo', 'report', 'factory_test', 'signature'] as const),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  contentBase64: Type.String({ minLength: 1 }),
});

export const SignOffBody = Strict({
  name: Name,
  signatureAttachmentId: Type.Optional(Type.Union([Id, Type.Null()])),
});

export const AsBuiltBody = Strict({
  components: Type.Array(
    Strict({
      name: Name,
      serial: Type.String({ minLength: 1, maxLength: 200 }),
      partId: Type.Optional(Type.Union([Id, Type.Null()])),
    }),
    { maxItems: 1000 },
  ),
  notes: Type.Optional(Text),
});
