// The parser's reasons that recur, in both languages (line-protocol.ts).

/** What a token is, for the reasons: measurement, tag key, tag value or field key. */
export const tokenName: Record<string, string> = {
  measurement: '测量名',
  'tag key': '标签键',
  'tag value': '标签值',
  'field key': '字段键',
};

export const SPACE_BEFORE_FIELDS = {
  en: 'expected a space before the fields',
  'zh-CN': '字段前应有空格',
} as const;

export const stringField = (key: string) => ({
  en: `field '${key}' is a string; channels are numeric (send a number or boolean)`,
  'zh-CN': `字段“${key}”是字符串；通道只接受数值（请发送数字或布尔值）`,
});
