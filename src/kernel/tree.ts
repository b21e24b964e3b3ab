/**
 * The ids of `root` and everything below it, given (id, parent) edges; root first. One walk for
 * every parent/child hierarchy (customers group → plant, assets site → component).
 */
export function subtreeIds(
  edges: ReadonlyArray<{ id: string; parent_id: string | null }>,
  root: string,
): string[] {
  const children = new Map<string, string[]>();
  for (const e of edges) {
    if (e.parent_id === null) continue;
    const list = children.get(e.parent_id);
    if (list) list.push(e.id);
    else children.set(e.parent_id, [e.id]);
  }
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    for (const c of children.get(id) ?? []) stack.push(c);
  }
  return out;
}
