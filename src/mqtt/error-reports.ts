// Error reports: each refused message is reported to the connection that sent it, on its
// topic ronghe/errors/<client id>, if it has subscribed there. Reports are handed to that one
// connection, never routed by topic, so no other client can receive them whatever it names
// itself or subscribes to; the broker's forward check lets nothing else out (see
// ErrorReports.mayForward). Reports are QoS 0 and best effort: a client that does not read
// them has at most MAX_PENDING_REPORTS waiting, and further ones are dropped.
import type { AedesPublishPacket, Client } from 'aedes';
import type { ErrorBody, Language, RongheError } from '../kernel/index.ts';

export const MAX_PENDING_REPORTS = 64;

/** A report's body: the error as HTTP answers it (`message` in English, as before) and, since
 * MQTT 3.1.1 has no Accept-Language, the message in every language we write (issue #17), so a
 * device's display or a Chinese operator's tool reads `messages['zh-CN']`. */
export const reportBody = (e: RongheError): ErrorBody & { messages: Record<Language, string> } => ({
  ...e.toBody('en'),
  messages: { 'zh-CN': e.messageIn('zh-CN'), en: e.messageIn('en') },
});
export const errorTopic = (client: Client) => `ronghe/errors/${client.id}`;

export class ErrorReports {
  private readonly subscribed = new WeakSet<Client>();
  private readonly pending = new WeakMap<Client, number>();
  /** The client a report is being handed to, for the synchronous forward check. */
  private delivering: Client | undefined;

  subscribe(client: Client): void {
    this.subscribed.add(client);
  }

  unsubscribe(client: Client): void {
    this.subscribed.delete(client);
  }

  /** Reports `body` to `client`; `then` runs once it is written, dropped or not wanted. */
  send(client: Client, body: object, then: () => void = () => undefined): void {
    const pending = this.pending.get(client) ?? 0;
    if (client.closed || !this.subscribed.has(client) || pending >= MAX_PENDING_REPORTS)
      return then();
    this.pending.set(client, pending + 1);
    this.delivering = client;
    try {
      client.publish(
        {
          cmd: 'publish',
          topic: errorTopic(client),
          payload: Buffer.from(JSON.stringify(body)),
          qos: 0,
          dup: false,
          retain: false,
        },
        () => {
          this.pending.set(client, (this.pending.get(client) ?? 1) - 1);
          then();
        },
      );
    } finally {
      this.delivering = undefined;
    }
  }

  /** Aedes' authorizeForward: only a report being handed to its own client passes. */
  mayForward(client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
    return this.delivering === client && packet.topic === errorTopic(client) ? packet : null;
  }
}
