// Outbound webhook addresses: a subscriber chooses the URL, so without a guard a webhook is a
// way to make the server call into its own network (server-side request forgery, OWASP
// SSRF prevention cheat sheet). Addresses in loopback (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3),
// link-local (RFC 3927, RFC 4291 §2.5.6, which holds cloud metadata services), private
// (RFC 1918, unique local fc00::/7 of RFC 4193), unspecified and shared (RFC 6598) ranges are
// refused unless the operator allows them (RONGHE_WEBHOOK_ALLOW_PRIVATE). The check runs on
// the address the connection is actually made to (the socket's `lookup`), not only on the
// name when the subscription is written, so a name re-pointed at 127.0.0.1 later (DNS
// rebinding) is refused as well.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** True for an address in a range a webhook may not reach by default. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 host.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

export class RefusedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `webhook address ${host} resolves to ${address}, a loopback, link-local or private address; the operator may allow these with RONGHE_WEBHOOK_ALLOW_PRIVATE=true`,
    );
    this.name = 'RefusedAddressError';
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that refuses private addresses (unless allowed): every address
 * a name resolves to must be public, so the connection cannot land on a refused one.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses;
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new RefusedAddressError(hostname, bad.address), []);
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), []);
      callback(null, first.address, first.family);
    });
  };
}

/** Resolves the URL's host now and refuses it as the sender would (for a clear 400 on write). */
export async function checkWebhookAddress(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    if (isPrivateAddress(host)) throw new RefusedAddressError(host, host);
    return;
  }
  await new Promise<void>((resolve, reject) =>
    guardedLookup(false)(host, { all: true }, (err) => (err ? reject(err) : resolve())),
  );
}
