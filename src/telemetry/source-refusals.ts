// Refusals counted per source (a Sparkplug edge node, `group/edge_node`): a stock edge node
// never subscribes to Ronghe's error topic, so what it sends wrong is otherwise seen nowhere.
// Per tenant, in memory since start, bounded (the oldest source goes first when full).

export interface SourceRefusal {
  source: string;
  refused: number;
  lastReason: string;
  /** Epoch ms of the last refusal. */
  lastAt: number;
}

export class SourceRefusals {
  private readonly byTenant = new Map<string, Map<string, SourceRefusal>>();

  constructor(private readonly maxPerTenant = 10_000) {}

  record(tenantId: string, source: string, reason: string, at = Date.now()): void {
    let m = this.byTenant.get(tenantId);
    if (!m) this.byTenant.set(tenantId, (m = new Map()));
    const r = m.get(source);
    if (r) {
      m.delete(source); // re-inserted last: the map's order is least recent first
      m.set(source, { ...r, refused: r.refused + 1, lastReason: reason, lastAt: at });
      return;
    }
    if (m.size >= this.maxPerTenant) m.delete(m.keys().next().value!);
    m.set(source, { source, refused: 1, lastReason: reason, lastAt: at });
  }

  /** The tenant's sources, most recently refused first. */
  list(tenantId: string): SourceRefusal[] {
    return [...(this.byTenant.get(tenantId)?.values() ?? [])].reverse();
  }
}
