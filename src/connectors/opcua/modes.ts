// The message security modes a connector may ask for, without loading the OPC UA stack.
export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export type SecurityModeName = (typeof SECURITY_MODES)[number];
