// Documentation of cluster mode's routes (issue 24, src/server/routes/cluster.ts) for
// /openapi.json. They exist only on clustered nodes (RONGHE_NATS), so the single-process
// contract walk does not call them; src/cluster/cluster.test.ts does, on real nodes.
import type { RouteDocs } from './route-docs.ts';

const owners = ['node1', 'node2', 'node3', 'node1', 'node2', 'node3', 'node1', 'node2'];

export const clusterDocs: RouteDocs = {
  'GET /api/v1/cluster/status': {
    summary: 'Cluster members and partition owners',
    description:
      'This node’s id, the live members (membership keys in the JetStream KV bucket ronghe_leases not yet expired), the owner of each of the 16 ingest partitions (null while free, e.g. for the few seconds after its owner died) and the partitions this node consumes, and the node running the background work (retention, scheduled assessments, maintenance plans, SLA clocks and reminders: one node at a time, behind the lease `job.background`, null for the seconds after its holder died). Only on nodes started with RONGHE_NATS (docs/cluster.md).',
    example: {
      nodeId: 'node2',
      members: ['node1', 'node2', 'node3'],
      owners: [...owners, ...owners],
      mine: [1, 4, 7, 9, 12, 15],
      background: 'node1',
      runsBackground: false,
    },
  },
  'GET /api/v1/cluster/points': {
    summary: 'Points of a series from the shared store',
    description:
      'The points of one asset’s channel that the partitions’ owners wrote to PostgreSQL, in [from, to) epoch ms, oldest first, at most `limit` (default 10,000). Every node answers the same. An asset the caller may not see is a 404. Only on clustered nodes (docs/cluster.md).',
    query: { asset: 'as_sy8kk5h77rs2hyk0', channel: 'supply_temp', from: 1796580000000 },
    example: {
      asset: 'as_sy8kk5h77rs2hyk0',
      channel: 'supply_temp',
      points: [
        { ts: 1796580000000, value: 71.5 },
        { ts: 1796580060000, value: 71.8 },
      ],
    },
  },
};
