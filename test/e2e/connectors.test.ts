// Connectors (设备接入, issue 23): an engineer defines a Modbus TCP connector through the form
// against a real Modbus TCP server (modbus-serial's ServerTCP) started here; a mapping that
// overlaps another is refused with the field named and marked; the corrected connector comes
// online with the register's value in its mapping status; then it is deleted. In zh-CN and en.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRaw } from '../../src/connectors/index.ts';
import {
  startTestModbusServer,
  type TestModbusServer,
} from '../../src/connectors/modbus/test-server.ts';
import { apiAs, assetBySerial, createUserWithOwnPassword } from './api.ts';
import {
  ADMIN,
  expectAccessible,
  expectNoBrowserErrors,
  hasChromium,
  login,
  openPage,
  screenshot,
  startConsole,
  type Console,
  type Lang,
} from './browser.ts';

const words = {
  'zh-CN': {
    menu: '设备接入',
    create: '新建连接器',
    save: '保存连接器',
    name: '名称',
    host: '主机',
    port: '端口',
    interval: '轮询周期（毫秒）',
    channel: '资产通道',
    address: '地址',
    dataType: '数据类型',
    add: '添加点位',
    row: (n: number) => `点位 ${n}`,
    online: '在线',
    protocol: '协议',
    endpointUrl: '端点 URL（opc.tcp://…）',
    securityMode: '安全模式',
    nodeId: '节点 ID（s=Temp、i=1001）',
    password: '密码（只写，不会显示）',
    cancel: '取消',
    overlap: '从站 1 的保持寄存器（holding）地址 101 与 点位 1（100–101）重叠',
  },
  en: {
    menu: 'Connectors',
    create: 'New connector',
    save: 'Save connector',
    name: 'Name',
    host: 'Host',
    port: 'Port',
    interval: 'Polling interval (ms)',
    channel: 'Asset channel',
    address: 'Address',
    dataType: 'Data type',
    add: 'Add mapping',
    row: (n: number) => `Mapping ${n}`,
    online: 'online',
    protocol: 'Protocol',
    endpointUrl: 'Endpoint URL (opc.tcp://…)',
    securityMode: 'Security mode',
    nodeId: 'Node id (s=Temp, i=1001)',
    password: 'Password (write-only, never shown)',
    cancel: 'Cancel',
    overlap: 'unit 1 holding 101 overlaps Mapping 1 (100–101)',
  },
} satisfies Record<Lang, Record<string, unknown>>;

/** A label beginning with `text`: 地址 and not 从站地址, whatever refusal follows it. */
const startsWith = (text: string) => new RegExp(`^${text}`);

describe.skipIf(!hasChromium)('connectors: create, status and delete', () => {
  let c: Console;
  let modbus: TestModbusServer;
  const technician = { email: 'conn-tech@demo.ronghe.local', password: 'technician-password-1' };
  const customer = { email: 'conn-customer@demo.ronghe.local', password: 'customer-password-1' };
  beforeAll(async () => {
    [c, modbus] = await Promise.all([startConsole(), startTestModbusServer()]);
    // 21.5 as float32 at 100–101, 7 at 102 (holding registers, big-endian).
    encodeRaw(21.5, { dataType: 'float32', byteOrder: 'big', wordOrder: 'big' }).forEach((v, i) =>
      modbus.holding.set(100 + i, v),
    );
    modbus.holding.set(102, 7);
    const api = await apiAs(c);
    const chiller = await assetBySerial(api, 'CHL-0001');
    const plc = await api.call<{ id: string }>('POST', '/api/v1/assets', {
      name: 'E2E 冷站 PLC',
      serial: 'E2E-PLC-1',
      customerId: chiller.customerId,
    });
    await api.call('POST', '/api/v1/devices', { assetId: plc.id, name: 'E2E PLC 网关' });
    await createUserWithOwnPassword(c, api, {
      ...technician,
      name: 'E2E 技术员',
      role: 'technician',
    });
    await createUserWithOwnPassword(c, api, {
      ...customer,
      name: 'E2E 客户',
      role: 'customer_viewer',
      customerId: chiller.customerId,
    });
  }, 180_000);
  afterAll(async () => {
    await c?.close();
    await modbus?.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`creates a Modbus connector, shows a refusal naming the field, its status, and deletes it (${lang})`, async () => {
      const w = words[lang];
      const p = await openPage(c, lang);
      const { page } = p;
      await page.goto('/');
      await login(p, ADMIN, c.adminPassword);
      await page.getByRole('link', { name: w.menu, exact: true }).click();
      await page.waitForURL(/\/connectors$/);

      await page.getByRole('button', { name: w.create }).click();
      const form = page.getByRole('form', { name: w.create });
      const name = `PLC-${lang}`;
      await form.getByLabel(w.name, { exact: true }).fill(name);
      // this test's gateway, not the demo's own (the chiller PLC's, src/demo-monitoring.ts)
      await form.locator('select[name=deviceId]').selectOption({ label: 'E2E PLC 网关' });
      await form.getByLabel(w.host, { exact: true }).fill('127.0.0.1');
      await form.getByLabel(w.port, { exact: true }).fill(String(modbus.port));
      await form.getByLabel(w.interval).fill('300');
      const row = (n: number) => form.getByRole('group', { name: w.row(n) });
      await row(1).getByLabel(w.channel).fill('supply_temp');
      await row(1).getByLabel(startsWith(w.address)).fill('100');
      await form.getByRole('button', { name: w.add }).click();
      await row(2).getByLabel(w.channel).fill('pump_state');
      await row(2).getByLabel(startsWith(w.address)).fill('101'); // inside the float32 at 100–101
      await row(2).getByLabel(w.dataType).selectOption('uint16');
      await form.getByRole('button', { name: w.save }).click();

      const refusal = page.getByTestId('notice-error');
      await expect
        .poll(() => refusal.textContent())
        .toContain(`${w.row(2)} · ${w.address}: ${w.overlap}`);
      expect(await row(2).getAttribute('aria-invalid')).toBe('true');
      expect(await row(2).getByLabel(startsWith(w.address)).getAttribute('aria-invalid')).toBe(
        'true',
      );
      // The reason beside the field, in the user's language throughout.
      expect(await row(2).getByTestId('field-error').textContent()).toBe(w.overlap);
      expect(await row(1).getAttribute('aria-invalid')).toBeNull();
      await screenshot(p, `connectors-refused-${lang}`);

      await row(2).getByLabel(startsWith(w.address)).fill('102');
      await form.getByRole('button', { name: w.save }).click();
      await page.getByTestId('notice-success').waitFor();
      const table = page.getByTestId('connectors-table');
      const line = table.getByRole('row').filter({ hasText: name });
      await expect.poll(() => line.textContent(), { timeout: 30_000 }).toContain(w.online);
      expect(await line.textContent()).toContain(`127.0.0.1:${modbus.port}`);
      const values = page.getByTestId(`mapping-status-${name}`).getByTestId('last-value');
      await expect.poll(() => values.allTextContents(), { timeout: 30_000 }).toEqual(['21.5', '7']);
      await expectAccessible(p, `connectors-${lang}`);
      await screenshot(p, `connectors-${lang}`);

      // The OPC UA variant of the form: endpoint, security mode, user and a write-only password.
      await page.getByRole('button', { name: w.create }).click();
      await form.getByLabel(w.protocol).selectOption('opcua');
      await form.getByLabel(w.endpointUrl).fill('opc.tcp://plc.example:4840');
      await form.getByLabel(w.securityMode).selectOption('SignAndEncrypt');
      await row(1).getByLabel(w.nodeId).fill('s=SupplyTemp');
      expect(await form.getByLabel(w.password).getAttribute('type')).toBe('password');
      await screenshot(p, `connectors-opcua-form-${lang}`);
      await form.getByRole('button', { name: w.cancel }).click();

      page.once('dialog', (d) => void d.accept());
      await line.getByRole('button').click();
      await expect.poll(() => table.getByRole('row').filter({ hasText: name }).count()).toBe(0);

      // The one refusal above is the answer shown to the user, not a fault of the console.
      p.errors.splice(
        0,
        p.errors.length,
        ...p.errors.filter(
          (e) => !(e.includes('status of 400') && e.includes('/api/v1/connectors')),
        ),
      );
      expectNoBrowserErrors(p);
      await p.close();
    }, 180_000);
  }

  it('shows a technician the list without create or delete, and a customer no menu', async () => {
    const w = words.en;
    const tech = await openPage(c, 'en');
    await tech.page.goto('/login?next=%2Fconnectors');
    await login(tech, technician.email, technician.password);
    await tech.page.getByRole('heading', { name: 'OPC UA / Modbus connectors' }).waitFor();
    // the demo's own connector (src/demo-monitoring.ts), listed for reading
    await tech.page
      .getByTestId('connectors-table')
      .getByRole('row')
      .filter({ hasText: 'Chiller 1 PLC' })
      .first()
      .waitFor();
    expect(await tech.page.getByRole('button', { name: w.create }).count()).toBe(0);
    expectNoBrowserErrors(tech);
    await tech.close();

    const cust = await openPage(c, 'en');
    await cust.page.goto('/');
    await login(cust, customer.email, customer.password);
    await cust.page.getByRole('link', { name: 'Fleet overview' }).waitFor();
    expect(await cust.page.getByRole('link', { name: w.menu, exact: true }).count()).toBe(0);
    await cust.close();
  }, 120_000);
});
