// Who did something, as a record names them: the server keeps `user:<id>` (no personal data in
// records, GB/T 22239-2019 8.1.4.10) and sends the user's name as it is now beside it; a user
// since deleted has no name and shows as deleted, with the id to match other records by.
// Labels of API keys, devices and the system are shown as they are, and so is a user whose name
// was not looked up (`name` undefined: a record pushed live, not read).
import { useTranslation } from 'react-i18next';

export function Actor({ actor, name }: { actor: string; name?: string | null | undefined }) {
  const { t } = useTranslation('shell');
  if (name) return <span title={actor}>{name}</span>;
  if (name === undefined || !actor.startsWith('user:')) return <>{actor}</>;
  const id = actor.slice('user:'.length);
  return (
    <span className="muted" title={actor} data-deleted-user="">
      {id === 'deleted' ? t('actor.deleted') : t('actor.deletedId', { id })}
    </span>
  );
}
