// What a context hands the shell: its catalogue (an i18next namespace named after the
// context), its routes (lazy, so its screens load on demand) and its menu entries, each shown
// only to roles with the entry's permission.
import type { RouteObject } from 'react-router';
import { loadNamespace } from './i18n';
import type { Permission } from './session';
import type { Catalogue } from './define-messages';

export interface MenuEntry {
  /** Path the entry opens. */
  to: string;
  /** Key in the context's own namespace. */
  label: string;
  permission?: Permission;
  /**
   * The tenant's own work (rule engineering, the factory's plan): hidden from a customer's
   * users (a customer scope), whatever their role's read permissions allow.
   */
  tenantOnly?: boolean;
  /** Position in the top menu; lower first. */
  order: number;
}

export interface ContextModule {
  /** Folder name under web/src and i18next namespace. */
  id: string;
  /** The catalogue loaded with the console (with lazyMessages: the top-menu labels only). */
  messages: Catalogue;
  /**
   * The rest of the catalogue, fetched with the context's first screen: the initial bundle
   * carries only what the menu shows (the console's initial-JS budget, issue 14).
   */
  lazyMessages?: () => Promise<Catalogue>;
  /** Children of the logged-in layout. Use `lazy` so the screens are split into their own chunk. */
  routes: RouteObject[];
  menu?: MenuEntry[];
}

export const defineContext = (m: ContextModule): ContextModule =>
  m.lazyMessages ? { ...m, routes: withCatalogue(m.id, m.lazyMessages, m.routes) } : m;

/** Each lazy route loads the context's catalogue beside its own chunk, children included. */
function withCatalogue(
  ns: string,
  load: () => Promise<Catalogue>,
  routes: RouteObject[],
): RouteObject[] {
  return routes.map((r) => {
    const lazy = r.lazy;
    const out = { ...r } as RouteObject;
    if (typeof lazy === 'function')
      out.lazy = async () => (await Promise.all([lazy(), loadNamespace(ns, load)]))[0];
    if (r.children) out.children = withCatalogue(ns, load, r.children);
    return out;
  });
}
