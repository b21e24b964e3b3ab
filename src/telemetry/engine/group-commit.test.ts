import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A commit that records its groups and waits until released, like a slow fsync. */
function slowCommit() {
  const groups: string[][] = [];
  const gates: (() => void)[] = [];
  let fail: string | undefined;
  const commit = (group: string[]) =>
    new Promise<void>((resolve, reject) => {
      groups.push(group);
      gates.push(() =>
        fail && group.includes(fail) ? reject(new Error(`refused ${fail}`)) : resolve(),
      );
    });
  const release = async () => {
    await new Promise((r) => setTimeout(r, 0));
    gates.shift()?.();
  };
  return { groups, commit, release, failOn: (v: string) => (fail = v) };
}

describe('group commit', () => {
  it('commits what arrives during a commit together in the next one, built in arrival order', async () => {
    const c = slowCommit();
    const g = new GroupCommit(c.commit);
    const order: string[] = [];
    const submit = (v: string) =>
      g.submit(() => {
        order.push(v);
        return v;
      });
    const a = submit('a');
    await new Promise((r) => setTimeout(r, 0)); // 'a' is being committed alone
    const rest = ['b', 'c', 'd'].map(submit);
    expect(order).toEqual(['a']); // later batches are built only when their group commits
    await c.release();
    expect(await a).toBe('a');
    await c.release();
    expect(await Promise.all(rest)).toEqual(['b', 'c', 'd']);
    expect(c.groups).toEqual([['a'], ['b', 'c', 'd']]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    await g.idle();
  });

  it('refuses a whole failed group and goes on with the next; a failed build refuses only itself', async () => {
    const c = slowCommit();
    const g = new GroupCommit(c.commit);
    c.failOn('b');
    const a = g.submit(() => 'a');
    await new Promise((r) => setTimeout(r, 0));
    // Each outcome is awaited from the start, so no refusal goes unhandled meanwhile.
    const b = expect(g.submit(() => 'b')).rejects.toThrow('refused b');
    const bad = expect(
      g.submit((): string => {
        throw new Error('bad batch');
      }),
    ).rejects.toThrow('bad batch');
    const c2 = expect(g.submit(() => 'c')).rejects.toThrow('refused b'); // same group as b
    await c.release();
    await a;
    await c.release();
    await Promise.all([b, bad, c2]);
    const d = g.submit(() => 'd');
    await c.release();
    expect(await d).toBe('d');
    expect(c.groups).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('caps a group and waits in idle() for everything submitted', async () => {
    const c = slowCommit();
    const g = new GroupCommit(c.commit, 2);
    const all = ['a', 'b', 'c', 'd', 'e'].map((v) => g.submit(() => v));
    const idle = g.idle();
    for (let i = 0; i < 3; i++) await c.release();
    await idle;
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(c.groups).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
});
