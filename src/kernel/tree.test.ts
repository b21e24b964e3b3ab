import { expect, it } from 'vitest';
import { subtreeIds } from './index.ts';

it('walks a hierarchy from a root, root first, ignoring other branches', () => {
  const edges = [
    { id: 'g', parent_id: null },
    { id: 'p1', parent_id: 'g' },
    { id: 'p2', parent_id: 'g' },
    { id: 'l1', parent_id: 'p1' },
    { id: 'other', parent_id: null },
    { id: 'x', parent_id: 'other' },
  ];
  const all = subtreeIds(edges, 'g');
  expect(all[0]).toBe('g');
  expect([...all].sort()).toEqual(['g', 'l1', 'p1', 'p2']);
  expect(subtreeIds(edges, 'p1').sort()).toEqual(['l1', 'p1']);
  expect(subtreeIds(edges, 'leaf-unknown')).toEqual(['leaf-unknown']);
});
