// A small HTTP client of one cluster node for tests and trying it: log in as the demo admin,
// make an API key, write line protocol, read a series back, ask the partitions' owners.
import type { ClusterStatus } from '../node.ts';

export class NodeClient {
  constructor(
    readonly url: string,
    private auth: Record<string, string> = {},
  ) {}

  /** The same node, authenticated with an API key instead. */
  withKey(key: string): NodeClient {
    return new NodeClient(this.url, { authorization: `Bearer ${key}` });
  }

  withAuthOf(other: NodeClient): NodeClient {
    return new NodeClient(this.url, other.auth);
  }

  /** Logs in; resolves to the user (its tenantId names the partitions' hash). */
  async login(email: string, password: string): Promise<{ tenantId: string }> {
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login on ${this.url}: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie') ?? '';
    this.auth = { cookie: cookie.split(';')[0]! };
    return (await res.json()) as { tenantId: string };
  }

  async json<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await this.request(path, init);
    if (!res.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  request(
    path: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      ...(init.signal ? { signal: init.signal } : {}),
      headers: {
        ...this.auth,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  }

  /** POST /write (line protocol, ms precision); the HTTP status (204: acknowledged). */
  async write(lines: string[]): Promise<number> {
    const res = await fetch(`${this.url}/write?precision=ms`, {
      method: 'POST',
      headers: { ...this.auth, 'content-type': 'text/plain' },
      body: lines.join('\n'),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async points(asset: string, channel: string): Promise<{ ts: number; value: number }[]> {
    const q = new URLSearchParams({ asset, channel, limit: '100000' });
    const r = await this.json<{ points: { ts: number; value: number }[] }>(
      `/api/v1/cluster/points?${q}`,
    );
    return r.points;
  }

  /** One page of raw points through the telemetry query API (GET /api/v1/telemetry/raw). */
  async raw(asset: string, channel: string, from: number, to: number): Promise<[number, number][]> {
    const q = new URLSearchParams({
      asset,
      channel,
      from: String(from),
      to: String(to),
      limit: '100000',
    });
    return (await this.json<{ points: [number, number][] }>(`/api/v1/telemetry/raw?${q}`)).points;
  }

  status(): Promise<ClusterStatus> {
    return this.json<ClusterStatus>('/api/v1/cluster/status');
  }
}
