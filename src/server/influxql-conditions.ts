// What a parsed InfluxQL WHERE clause means to the query: the time range it implies and whether
// a series' tags satisfy it (docs.influxdata.com/influxdb/v1/query_language/explore-data,
// "The WHERE clause"). Pure.
import { bad } from './influxql-tokenize.ts';

export type Cond =
  | { kind: 'and' | 'or'; left: Cond; right: Cond }
  | { kind: 'time'; op: '>' | '>=' | '<' | '<=' | '='; ms: number }
  | { kind: 'tag'; key: string; op: '=' | '!='; value: string }
  | { kind: 'regex'; key: string; op: '=~' | '!~'; re: RegExp };

/** The time range a condition implies: [from, to) in epoch ms; times under OR are refused. */
export function timeRange(c: Cond | undefined, now: number): { from: number; to: number } {
  let from = -Infinity;
  let to = Infinity;
  const walk = (n: Cond, underOr: boolean): void => {
    switch (n.kind) {
      case 'and':
      case 'or':
        walk(n.left, underOr || n.kind === 'or');
        walk(n.right, underOr || n.kind === 'or');
        return;
      case 'time': {
        if (underOr)
          bad({
            en: 'time conditions joined by OR are not supported',
            'zh-CN': '不支持用 OR 连接时间条件',
          });
        const ms = Math.floor(n.ms);
        if (n.op === '>' || n.op === '>=' || n.op === '=') {
          from = Math.max(from, n.op === '>' ? ms + 1 : ms);
        }
        if (n.op === '<' || n.op === '<=' || n.op === '=') {
          to = Math.min(to, n.op === '<' ? ms : ms + 1);
        }
        return;
      }
      case 'tag':
      case 'regex':
        return;
    }
  };
  if (c) walk(c, false);
  return { from, to: to === Infinity ? now + 1 : to };
}

/** Whether tags satisfy the condition's tag parts (time parts count as true). */
export function matchesTags(
  c: Cond | undefined,
  tag: (key: string) => string | undefined,
): boolean {
  if (!c) return true;
  switch (c.kind) {
    case 'and':
      return matchesTags(c.left, tag) && matchesTags(c.right, tag);
    case 'or':
      return matchesTags(c.left, tag) || matchesTags(c.right, tag);
    case 'time':
      return true;
    case 'tag': {
      const v = tag(c.key) ?? '';
      return c.op === '=' ? v === c.value : v !== c.value;
    }
    case 'regex': {
      const hit = c.re.test(tag(c.key) ?? '');
      return c.op === '=~' ? hit : !hit;
    }
  }
}
