// A full garbage collection of this thread when the process has grown past a bound. The heads
// handed to the compaction thread are SharedArrayBuffers; once compacted, only a full GC of the
// main thread frees them, and V8 schedules that by the growth of its own heap, where their small
// wrappers weigh nothing. Seven days of the fleet workload at full speed (100.8 M points) grew
// the process to 1.3–1.9 GiB (551 MiB with compaction on the main thread, which shares nothing).
// With a full GC after each compaction once past 768 MiB: 803 MiB, and the 24 h workload, which
// stays under the bound, keeps its speed (a 512 MiB bound held 570–717 MiB but cost it 8–15 %).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Runs a full GC if the resident set is at least `aboveBytes`; says whether it ran. */
export function collectIfAbove(aboveBytes: number): boolean {
  if (process.memoryUsage.rss() < aboveBytes) return false;
  if (!gc) {
    // `gc` is exposed to contexts created after the flag is set (nodejs.org/api/v8.html).
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  return true;
}
