// Short-lived sessions for the API: check that mapped nodes exist before a definition is
// stored, and browse a server's address space (Part 4 §5.8.2 Browse) so people pick node ids
// instead of typing them.
import {
  AttributeIds,
  BrowseDirection,
  MessageSecurityMode,
  NodeClass,
  OPCUACertificateManager,
  OPCUAClient,
  resolveNodeId as parseNodeId,
  SecurityPolicy,
  UserTokenType,
  type ClientSession,
} from 'node-opcua';
import { mkdirSync } from 'node:fs';
import type { Localized } from '../../kernel/index.ts';
import type { SecurityModeName } from './client.ts';
import { explainOpcUaError, resolveNodeId } from './values.ts';

export interface ProbeTarget {
  readonly endpointUrl: string;
  readonly securityMode: SecurityModeName;
  readonly user?: { readonly username: string; readonly password: string } | undefined;
  readonly pkiDir: string;
}

/** A probe's answer; a failure's reason is worded in both languages for the API's caller. */
export type Probe<T> = { ok: true; value: T } | { ok: false; reason: Localized };

export async function withOpcUaSession<T>(
  t: ProbeTarget,
  timeoutMs: number,
  fn: (s: ClientSession) => Promise<T>,
): Promise<Probe<T>> {
  mkdirSync(t.pkiDir, { recursive: true });
  const cm = new OPCUACertificateManager({
    rootFolder: t.pkiDir,
    automaticallyAcceptUnknownCertificate: false,
  });
  await cm.initialize();
  const secured = t.securityMode !== 'None';
  const client = OPCUAClient.create({
    securityMode: MessageSecurityMode[t.securityMode],
    securityPolicy: secured ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    endpointMustExist: false,
    clientCertificateManager: cm,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    transportTimeout: timeoutMs,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const work = (async () => {
      await client.connect(t.endpointUrl);
      const s = await client.createSession(
        t.user
          ? { type: UserTokenType.UserName, userName: t.user.username, password: t.user.password }
          : { type: UserTokenType.Anonymous },
      );
      try {
        return await fn(s);
      } finally {
        await s.close().catch(() => undefined);
      }
    })();
    work.catch(() => undefined);
    return { ok: true, value: await Promise.race([work, deadline]) };
  } catch (e) {
    return { ok: false, reason: explainOpcUaError(e, t.pkiDir) };
  } finally {
    clearTimeout(timer);
    await client.disconnect().catch(() => undefined);
    await cm.dispose().catch(() => undefined);
  }
}

export interface NodeRef {
  readonly namespaceUri: string;
  readonly nodeId: string;
}

/** Indexes of `nodes` the server does not have (unknown namespace or node). */
export async function unknownNodes(s: ClientSession, nodes: readonly NodeRef[]): Promise<number[]> {
  const namespaces = await s.readNamespaceArray();
  const ids = nodes.map((n) => {
    try {
      return resolveNodeId(namespaces, n.namespaceUri, n.nodeId);
    } catch {
      return undefined;
    }
  });
  const known = ids.map((id, i) => ({ id, i })).filter((x) => x.id !== undefined);
  const results = await s.read(
    known.map((x) => ({ nodeId: x.id!, attributeId: AttributeIds.NodeClass })),
  );
  const bad = new Set(ids.flatMap((id, i) => (id === undefined ? [i] : [])));
  results.forEach((r, j) => {
    if (!r.statusCode.isGood()) bad.add(known[j]!.i);
  });
  return [...bad].sort((a, b) => a - b);
}

export interface BrowsedNode extends NodeRef {
  readonly browseName: string;
  readonly displayName: string;
  readonly nodeClass: string;
}

/** The children of a node (the Objects folder when none is given), with namespace URIs. */
export async function browseChildren(s: ClientSession, from?: NodeRef): Promise<BrowsedNode[]> {
  const namespaces = await s.readNamespaceArray();
  const nodeId = from ? resolveNodeId(namespaces, from.namespaceUri, from.nodeId) : 'i=85';
  const r = await s.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    resultMask: 63,
  });
  if (!r.statusCode.isGood()) throw new Error(`browse ${nodeId}: ${r.statusCode.name}`);
  return (r.references ?? []).map((ref) => {
    const id = parseNodeId(ref.nodeId.toString());
    const idText = id.toString().replace(/^ns=\d+;/, '');
    return {
      namespaceUri: namespaces[id.namespace] ?? '',
      nodeId: idText,
      browseName: ref.browseName.name ?? '',
      displayName: ref.displayName.text ?? '',
      nodeClass: NodeClass[ref.nodeClass] ?? String(ref.nodeClass),
    };
  });
}
