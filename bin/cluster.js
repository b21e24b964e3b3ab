#!/usr/bin/env node
// `npm run cluster -- up|down|status`: a local cluster (three NATS servers, three Ronghe nodes
// on PostgreSQL) for tests and for trying cluster mode; see docs/cluster.md.
import { register } from 'tsx/esm/api';

register();
const { clusterCommand } = await import('../src/cluster/index.ts');
process.exitCode = await clusterCommand(process.argv.slice(2));
