// A stand-in node for the background lease's test (background.test.ts): a separate process
// that joins NATS like a Ronghe node and runs, behind the cluster's background lease, a job
// that prints `tick <node> <n>` every 100 ms while it runs. Killed with SIGKILL, it stops
// renewing exactly as a dead node does. Usage: node --import tsx background-probe.ts <nats> <id>
import { openNatsLink } from '../nats-link.ts';
import { BackgroundLease } from '../background.ts';

const [servers, nodeId] = process.argv.slice(2);
const link = await openNatsLink([servers!], `probe ${nodeId}`, 1);
let timer: NodeJS.Timeout | undefined;
let n = 0;
const lease = new BackgroundLease(
  link.leases,
  nodeId!,
  {
    start() {
      timer = setInterval(() => console.log(`tick ${nodeId} ${++n}`), 100);
    },
    stop() {
      clearInterval(timer);
      return Promise.resolve();
    },
  },
  (line) => console.log(line),
);
lease.start();
console.log(`ready ${nodeId}`);
process.on('SIGTERM', () => {
  void lease
    .stop()
    .then(() => link.close())
    .then(() => process.exit(0));
});
