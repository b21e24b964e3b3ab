// Response schemas shared by the identity routes (identity.ts, mfa.ts, administrators.ts).
import { Type } from '@sinclair/typebox';

export const UserOut = Type.Object({
  id: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.String(), Type.Null()]),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  createdAt: Type.Number(),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
});

/** The login's answer when a second factor is owed: what is left, and until when. */
export const SecondStepOut = Type.Object({
  step: Type.Union([Type.Literal('totp'), Type.Literal('enrol')]),
  expiresAt: Type.Number(),
});
