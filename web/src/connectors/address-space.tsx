// The address space of an OPC UA connector's server, browsed through the API with the stored
// endpoint, security mode and credentials (GET /api/v1/connectors/{id}/browse): a tree from the
// Objects folder, each node expanded on demand; a variable is picked into the mappings with its
// namespace URI and identifier, as a mapping needs them (Part 3 §8.2: the URI, not the index).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../shell/states';
import { browse, type BrowsedNode } from './queries';

type Pick = (n: BrowsedNode) => void;
const keyOf = (n: { namespaceUri: string; nodeId: string }) => `${n.namespaceUri} ${n.nodeId}`;
const LEAF = new Set(['Method', 'DataType', 'ReferenceType']);

function Children({
  id,
  node,
  onPick,
  picked,
}: {
  id: string;
  node?: BrowsedNode;
  onPick: Pick;
  picked: Set<string>;
}) {
  const { t } = useTranslation('connectors');
  const q = useQuery({
    queryKey: ['connectors', 'browse', id, node ? keyOf(node) : 'objects'],
    queryFn: () => browse(id, node),
    staleTime: 60_000,
    retry: false,
  });
  return (
    <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('browse.empty')}>
      {(items) => (
        <ul role={node ? 'group' : 'tree'} aria-label={node ? undefined : t('browse.title')}>
          {items.map((n) => (
            <Node key={keyOf(n)} id={id} node={n} onPick={onPick} picked={picked} />
          ))}
        </ul>
      )}
    </QueryView>
  );
}

function Node({
  id,
  node,
  onPick,
  picked,
}: {
  id: string;
  node: BrowsedNode;
  onPick: Pick;
  picked: Set<string>;
}) {
  const { t } = useTranslation('connectors');
  const [open, setOpen] = useState(false);
  const expandable = !LEAF.has(node.nodeClass);
  const isVariable = node.nodeClass === 'Variable';
  const taken = picked.has(keyOf(node));
  return (
    <li role="treeitem" aria-expanded={expandable ? open : undefined} aria-label={node.displayName}>
      <div className="address-node">
        {expandable ? (
          <button
            type="button"
            className="link"
            aria-label={t(open ? 'browse.collapse' : 'browse.expand', { name: node.displayName })}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="address-spacer" />
        )}
        <span>{node.displayName}</span>
        <code>{node.nodeId}</code>
        <span className="muted">{t(`nodeClass.${node.nodeClass}`, node.nodeClass)}</span>
        {isVariable && (
          <button
            type="button"
            disabled={taken}
            aria-label={t('browse.pickNamed', { name: node.displayName })}
            onClick={() => onPick(node)}
          >
            {taken ? t('browse.picked') : t('browse.pick')}
          </button>
        )}
      </div>
      {open && <Children id={id} node={node} onPick={onPick} picked={picked} />}
    </li>
  );
}

export function AddressSpace({
  connectorId,
  onPick,
  picked,
}: {
  connectorId: string;
  onPick: Pick;
  /** `namespaceUri nodeId` of the variables mapped already. */
  picked: Set<string>;
}) {
  const { t } = useTranslation('connectors');
  return (
    <section className="card address-space" aria-labelledby="address-space-title">
      <h2 id="address-space-title">{t('browse.title')}</h2>
      <p className="muted">{t('browse.intro')}</p>
      <Children id={connectorId} onPick={onPick} picked={picked} />
    </section>
  );
}

export const pickedKeys = (rows: { namespaceUri: string; nodeId: string }[]) =>
  new Set(rows.filter((r) => r.nodeId).map(keyOf));
