// Aedes routes every PUBLISH it accepts to the subscriptions matching its topic. Ronghe's broker
// is an ingest endpoint, not a shared bus, and what a client publishes has no subscriber.
import type { Aedes, Client, PublishPacket } from 'aedes';

type RoutePublish = (
  packet: PublishPacket,
  client: Client | null,
  done: (e?: Error) => void,
) => void;

/**
 * What a client publishes is not routed to subscribers: no client may subscribe to it
 * (authorizeSubscribe admits only the client's own error topic, and reports are handed to
 * their one connection, error-reports.ts, while authorizeForward lets no routed message out).
 * Routing it anyway cost Aedes, per message, a packet copy, the retained and offline steps, a
 * topic match against every subscription (qlobber) and a fan-out to nobody: at 10,000
 * messages/s a tenth of the broker's CPU and garbage (issue 21). The broker's own messages
 * ($SYS, client registration) still take Aedes' path.
 */
export function skipRouting(broker: Aedes): void {
  const b = broker as unknown as { publish: RoutePublish };
  const route = b.publish.bind(broker);
  b.publish = (packet, client, done) => {
    if (client && typeof client === 'object') return done();
    route(packet, client, done);
  };
}
