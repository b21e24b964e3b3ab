// Sending a connector form: first the checks the form can make itself (a row's address or node
// id), then the server's; either way the field at fault and the reason are handed to `onProblem`
// so they show beside the field, and the error still reaches the notice.
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '../api/client';
import {
  checkForm,
  fieldProblem,
  toDefinition,
  type FieldProblem,
  type FormState,
} from './form-state';
import type { Definition } from './queries';

export function useChecked(onProblem: (p: FieldProblem | null) => void) {
  const { t } = useTranslation('connectors');
  return async <R>(f: FormState, assetId: string, send: (d: Definition) => Promise<R>) => {
    onProblem(null);
    const local = checkForm(f);
    if (local) {
      const reason = t(`check.${local.check}`);
      onProblem({ field: local.field, reason });
      // Said as the user sees it: the row's number and the field's label, not its JSON path.
      const m = /^mappings\[(\d+)\]\.([\w.]+)$/.exec(local.field);
      const label = m?.[2] === 'deadband.value' ? 'deadbandValue' : m?.[2];
      const where = m ? `${t('form.row', { n: Number(m[1]) + 1 })} · ${t(`form.${label}`)}` : '';
      throw new ApiError(400, 'RONGHE_VALIDATION', `${where || local.field}: ${reason}`, [
        { field: local.field, reason },
      ]);
    }
    try {
      return await send(toDefinition(f, assetId));
    } catch (e) {
      if (isApiError(e) && e.status === 400) onProblem(fieldProblem(e.details, e.message));
      throw e;
    }
  };
}
