// monitoring/notify: HMAC-signed webhooks with retries, a dead-letter list and an outbound
// address guard, per-user subscriptions, alarm-storm digests, and the fan-out of alarm changes
// to the live feed and the e-mail / webhook transports. E-mail itself is sent by the
// composition root (src/alarm-mail.ts, nodemailer), which knows the subscriber's address.
export { signPayload, verifySignature, signatureHeader } from './signature.ts';
export type { VerifyResult } from './signature.ts';
export { createWebhookSender } from './webhook.ts';
export { createWebhookTransport } from './webhook-transport.ts';
export type {
  WebhookSender,
  WebhookTarget,
  WebhookOptions,
  DeadLetter,
  DeliveryResult,
} from './webhook.ts';
export { matchSubscriptions, defaultChanges } from './subscriptions.ts';
export type { Subscription, NotifyChannel } from './subscriptions.ts';
export { createStormDigest } from './digest.ts';
export type { StormDigest, Digest } from './digest.ts';
export { createLiveFeed, sseFrame } from './live-feed.ts';
export type { LiveFeed } from './live-feed.ts';
export { createNotifier } from './notifier.ts';
export type { Notifier, NotifierOptions, NotifyMessage, Transport, Delivery } from './notifier.ts';
export { createAlarmFanout, alarmFrameData, isVisible } from './alarm-fanout.ts';
export type { AlarmFanout, AlarmFanoutOptions, AlarmMeta, CustomerScope } from './alarm-fanout.ts';
