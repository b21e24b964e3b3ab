// A full garbage collection of this thread when the process has grown past a bound. The heads
// handed to the compaction thread are SharedArrayBuffers; once compacted, only a full GC of the
// main thread frees them, and V8 schedules that by the growth of its own heap, where their small
// wrappers weigh nothing. Seven days of the fleet workload at full speed (100.8 M points) grew
// the process to 1.3–1.9 GiB (551 MiB with compaction on the main thread, which shares nothing).
// With a full GC after each compaction once past 768 MiB: 803 MiB, and the 24 h workload, which
// stays under the bound, keeps its speed (a 512 MiB bound held 570–717 MiB but cost it 8–15 %).
//
// A full GC holds the event loop for as long as it marks the whole heap: 0.1–0.25 s with 10,000
// MQTT connections, whose sessions alone keep the process past the bound, so one after every
// compaction was a stall every 30 s (issue 21). It runs only when enough shared memory was
// allocated since the last one for the collection to give some back; small heads are plain
// memory (head.ts), which V8 frees by itself.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** This thread's full collection (`gc` is exposed to contexts made after the flag is set). */
function fullGc(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * A check for the steps of long work: runs a full GC of this thread once its heap has grown by
 * `bytes` since the last one (or since the check was made); says whether it ran. The
 * compaction thread calls it between steps: a step's rows, blobs and decoded points live across
 * its reads and writes, outlive the young generation and pile up in the old one until V8
 * collects it — compacting a generation of 400,000 series (10 M points) grew that thread's
 * heap from 72 to 195 MiB, about 57 MiB live after a collection (issue 21). Its collections
 * hold only that thread, not ingest.
 */
export function heapGrowthCollector(bytes: number): () => boolean {
  let floor = getHeapStatistics().used_heap_size;
  return () => {
    if (getHeapStatistics().used_heap_size < floor + bytes) return false;
    fullGc();
    floor = getHeapStatistics().used_heap_size;
    return true;
  };
}
let sharedSinceGc = 0;

/** Shared memory worth a full GC to free. */
export const COLLECT_MIN_SHARED_BYTES = 32 * 1024 * 1024;

/** Heads allocated `bytes` of shared memory (head.ts), which only a full GC frees. */
export function noteSharedBytes(bytes: number): void {
  sharedSinceGc += bytes;
}

/**
 * Runs a full GC if the resident set is at least `aboveBytes` and at least `minShared` bytes of
 * shared memory were allocated since the last one; says whether it ran.
 */
export function collectIfAbove(aboveBytes: number, minShared = COLLECT_MIN_SHARED_BYTES): boolean {
  if (sharedSinceGc < minShared) return false;
  if (process.memoryUsage.rss() < aboveBytes) return false;
  fullGc();
  sharedSinceGc = 0;
  return true;
}
