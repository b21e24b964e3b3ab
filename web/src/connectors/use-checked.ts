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
  // Said as the user sees it: a row's number and a field's label, not their JSON paths
  // (`mappings[1].address` is "Mapping 2 · Address", `mappings[0]` in a reason "Mapping 1").
  const rows = (text: string) =>
    text.replace(/mappings\[(\d+)\]/g, (_, i: string) => t('form.row', { n: Number(i) + 1 }));
  const where = (field: string) => {
    const m = /^mappings\[(\d+)\]\.([\w.]+)$/.exec(field);
    const label = m?.[2] === 'deadband.value' ? 'deadbandValue' : m?.[2];
    return m ? `${t('form.row', { n: Number(m[1]) + 1 })} · ${t(`form.${label}`)}` : field;
  };
  return async <R>(f: FormState, assetId: string, send: (d: Definition) => Promise<R>) => {
    onProblem(null);
    const local = checkForm(f);
    if (local) {
      const reason = t(`check.${local.check}`);
      onProblem({ field: local.field, reason });
      throw new ApiError(400, 'RONGHE_VALIDATION', `${where(local.field)}: ${reason}`, [
        { field: local.field, reason },
      ]);
    }
    try {
      return await send(toDefinition(f, assetId));
    } catch (e) {
      if (!isApiError(e) || e.status !== 400) throw e;
      const problem = fieldProblem(e.details, e.message);
      if (!problem) throw e;
      const reason = rows(problem.reason);
      onProblem({ field: problem.field, reason });
      throw new ApiError(e.status, e.code, `${where(problem.field)}: ${reason}`, e.details);
    }
  };
}
