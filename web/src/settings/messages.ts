import { defineMessages } from '../shell/define-messages';

export const messages = defineMessages(
  {
    menu: { timeZone: '时区设置' },
    timeZone: {
      title: '时区',
      intro:
        '日、周（周一起）、月的统计、班次日历、能源周期和 KPI 都按此时区的午夜切分；不带时区偏移的时间也按此时区理解。',
      current: '当前时区',
      zone: 'IANA 时区',
      offset: '当前偏移',
      save: '保存',
      saved: '时区已设为 {{zone}}。',
      sites: '单独设置时区的站点',
      site: '站点',
      noSites: '所有站点都使用租户时区。',
      noPermission: '只有租户管理员可以修改时区。',
    },
  },
  {
    menu: { timeZone: 'Time zone' },
    timeZone: {
      title: 'Time zone',
      intro:
        'Daily, weekly (from Monday) and monthly figures, shift calendars, energy periods and KPIs are cut at midnight in this zone; times given without an offset are read in it.',
      current: 'Current time zone',
      zone: 'IANA time zone',
      offset: 'Offset now',
      save: 'Save',
      saved: 'Time zone set to {{zone}}.',
      sites: 'Sites with their own time zone',
      site: 'Site',
      noSites: 'Every site uses the tenant time zone.',
      noPermission: 'Only a tenant admin can change the time zone.',
    },
  },
);
