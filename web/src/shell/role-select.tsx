// Choosing a role to hand out: only roles at or below the signed-in user's own (the server's
// canGrant rule, src/identity/roles.ts), named in the user's language.
import { useTranslation } from 'react-i18next';
import { canGrant, isRole, roles, type Role } from '../../../src/identity/roles.ts';
import { useSession } from './session';

export function useGrantable(): Role[] {
  const me = useSession().data;
  return roles.filter((r) => me && isRole(me.role) && canGrant(me.role, r));
}

export function RoleSelect({
  label,
  value,
  onChange,
  roles: choices,
}: {
  label: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  roles: Role[];
}) {
  const { t } = useTranslation('shell');
  return (
    <label>
      {label}
      <select value={value} onChange={onChange}>
        {choices.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
