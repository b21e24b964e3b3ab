// Every raw point of one channel in [from, to) over HTTP, page by page: one answer holds at most
// `limit` points (the API's cap), and a test that acknowledges more than that on a fast machine
// must read them all before it counts what was stored.
export async function allRawPoints(
  baseUrl: string,
  headers: Record<string, string>,
  q: { asset: string; channel: string; from: number; to: number },
  limit = 100_000,
): Promise<number[][]> {
  const out: number[][] = [];
  let from = q.from;
  for (;;) {
    const url = `${baseUrl}/api/v1/telemetry/raw?asset=${q.asset}&channel=${q.channel}&from=${from}&to=${q.to}&limit=${limit}`;
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`raw read ${res.status}: ${await res.text()}`);
    const { points } = (await res.json()) as { points: number[][] };
    out.push(...points);
    if (points.length < limit) return out;
    from = points[points.length - 1]![0]! + 1;
  }
}
