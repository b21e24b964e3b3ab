#!/usr/bin/env -S node --max-semi-space-size=64
// The V8 flag on the line above: a young generation of 2 × 64 MiB instead of 2 × 16 MiB. At
// 10,000 MQTT devices a message's objects (packet, parsed JSON, promises, the batch it joins)
// live from the socket read until the group commit acknowledges it; with small semi-spaces many
// outlive two scavenges, are promoted, and are freed only by a full collection of a heap that
// 10,000 sessions make large — long pauses that every queued PUBACK waits behind (issue 21,
// BENCHMARKS.md). V8 fixes the young generation's size when the process starts, so the flag
// must be given on the command line (or NODE_OPTIONS): docs/deploy/ronghe.service and
// `npm start` pass the same one, and the benchmarks read it from this line.
// The `ronghe` command. Sources are TypeScript run through tsx, so a fresh clone needs no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
