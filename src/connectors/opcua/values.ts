// Pure helpers for OPC UA data: where a mapping's node lives, what a Variant is as a number,
// and how a failure reads to the person fixing it. OPC UA Part 3 §8.2: a NodeId's namespace
// index is only valid against the server's current NamespaceArray, so mappings keep the
// namespace URI and the index is looked up at every session (a restarted server may renumber).

/** `ns=<index>;<identifier>` for a mapping's URI and identifier (`s=Temp`, `i=1001`). */
export function resolveNodeId(
  namespaces: readonly string[],
  namespaceUri: string,
  identifier: string,
): string {
  const index = namespaces.indexOf(namespaceUri);
  if (index < 0) throw new Error(`namespace '${namespaceUri}' is not on the server`);
  return index === 0 ? identifier : `ns=${index};${identifier}`;
}

/** An identifier as written in a mapping: `i=`, `s=`, `g=` or `b=` and its value (Part 6 §5.3.1.10). */
export const isNodeIdentifier = (s: string): boolean =>
  /^(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=.+)$/.test(s);

/** The number in a Variant's value: numbers, booleans (0/1) and 64-bit integers, which
 * node-opcua gives as [high, low] 32-bit words. Anything else is not a measurement. */
export function variantNumber(value: unknown, dataTypeName: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value) && value.length === 2 && /Int64$/.test(dataTypeName)) {
    const [hi, lo] = value as [number, number];
    return hi * 2 ** 32 + (lo >>> 0);
  }
  return undefined;
}

/** A failure worded for the person fixing it: login, trust and reachability are told apart. */
export function explainOpcUaError(e: unknown, pkiDir: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/.test(msg)) {
    return 'login refused: wrong user name or password (BadUserAccessDenied)';
  }
  if (/server Certificate verification failed/i.test(msg)) {
    return (
      "the server's certificate is not trusted: check it and move it from " +
      `${pkiDir}/rejected to ${pkiDir}/trusted/certs (${msg})`
    );
  }
  if (/BadSecurityChecksFailed|BadCertificate/.test(msg)) {
    return (
      "the server refused this gateway's certificate: trust " +
      `${pkiDir}/own/certs/client_certificate.pem on the server (${msg})`
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|timeout/i.test(msg)) {
    return `server unreachable: ${msg}`;
  }
  return msg;
}
