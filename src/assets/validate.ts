// Business rules of an asset that a schema cannot express: property values against the model,
// hierarchy levels, references that must stay inside the caller's scope.
import { RongheError, invalid, reservedNameReason } from '../kernel/index.ts';
import type { AssetLevel, AssetModel, PropertyValue } from './types.ts';
import { assetLevels } from './types.ts';

export function checkProperties(
  model: AssetModel | undefined,
  props: Record<string, PropertyValue>,
): void {
  for (const [key, value] of Object.entries(props)) {
    const field = `properties.${key}`;
    const reserved = reservedNameReason(key);
    if (reserved !== undefined)
      throw invalid(field, { en: `${reserved.en}.`, 'zh-CN': `${reserved['zh-CN']}。` });
    if (!model) continue;
    const def = model.properties.find((p) => p.key === key);
    if (!def)
      throw invalid(field, {
        en: `model '${model.name}' has no property '${key}' (known: ${model.properties.map((p) => p.key).join(', ') || 'none'}).`,
        'zh-CN': `型号“${model.name}”没有属性“${key}”（已有：${model.properties.map((p) => p.key).join('、') || '无'}）。`,
      });
    if (typeof value !== def.dataType)
      throw invalid(field, {
        en: `expected a ${def.dataType}, got ${typeof value}.`,
        'zh-CN': `应为 ${def.dataType}，实为 ${typeof value}。`,
      });
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        throw invalid(field, { en: 'must be a finite number.', 'zh-CN': '必须是有限数值。' });
      if (def.min !== undefined && value < def.min)
        throw invalid(field, {
          en: `${value} is below the minimum ${def.min}${def.unit ? ' ' + def.unit : ''}.`,
          'zh-CN': `${value} 低于下限 ${def.min}${def.unit ? ' ' + def.unit : ''}。`,
        });
      if (def.max !== undefined && value > def.max)
        throw invalid(field, {
          en: `${value} is above the maximum ${def.max}${def.unit ? ' ' + def.unit : ''}.`,
          'zh-CN': `${value} 高于上限 ${def.max}${def.unit ? ' ' + def.unit : ''}。`,
        });
    }
  }
}

export function checkLevels(parentLevel: AssetLevel, childLevel: AssetLevel): void {
  if (assetLevels.indexOf(parentLevel) >= assetLevels.indexOf(childLevel)) {
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `parentId: a ${childLevel} cannot sit under a ${parentLevel} (order: ${assetLevels.join(' → ')}).`,
        'zh-CN': `parentId：${childLevel} 不能位于 ${parentLevel} 之下（层级顺序：${assetLevels.join(' → ')}）。`,
      },
      [{ field: 'parentId', reason: 'level order' }],
    );
  }
}

export function checkInstallDate(d: string | null | undefined): void {
  if (d === null || d === undefined) return;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(d) ||
    Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ||
    new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d
  ) {
    throw invalid('installDate', {
      en: `'${d}' is not a calendar date YYYY-MM-DD.`,
      'zh-CN': `“${d}”不是 YYYY-MM-DD 格式的日期。`,
    });
  }
}
