// What a context hands the shell: its catalogue (an i18next namespace named after the
// context), its routes (lazy, so its screens load on demand) and its menu entries, each shown
// only to roles with the entry's permission.
import type { RouteObject } from 'react-router';
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
  messages: Catalogue;
  /** Children of the logged-in layout. Use `lazy` so the screens are split into their own chunk. */
  routes: RouteObject[];
  menu?: MenuEntry[];
}

export const defineContext = (m: ContextModule): ContextModule => m;
