// Editing a connector (设备接入 → 编辑, issue 23) against a real node-opcua server started here:
// the OPC UA connector's address space is browsed (Objects → Chiller), a variable is picked into
// the mappings, a row with a malformed node id is refused at its field before sending, a channel
// mapped twice is refused by the server at its field, a row is removed, deadbands and the
// publishing interval are changed and the definition saved, read back through the API with what
// the form has no input for (queue size, disabled) kept. The password field stays write-only.
// Before that, the status its gateway reported shows on the list. In zh-CN and en. A Modbus
// connector with two unit ids keeps each mapping's unit id, deadband, timeout and retries.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startTestOpcUaServer,
  TEST_NAMESPACE,
  type TestOpcUaServer,
} from '../../src/connectors/opcua/test-server.ts';
import { apiAs, type Api } from './api.ts';
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
    edit: (n: string) => `编辑连接器“${n}”`,
    space: '地址空间',
    expand: (n: string) => `展开 ${n}`,
    pick: (n: string) => `将 ${n} 加入映射`,
    row: (n: number) => `点位 ${n}`,
    remove: (n: number) => `删除点位 ${n}`,
    add: '添加点位',
    channel: '资产通道',
    nodeId: '节点 ID（s=Temp、i=1001）',
    namespaceUri: '命名空间 URI',
    password: '密码（只写，不会显示）',
    save: '保存连接器',
    nodeIdCheck: '节点 ID 形如 s=Temp',
    twice: '映射了两次',
    saved: (n: string) => `已保存连接器“${n}”`,
    reported: '边缘网关上报于',
    deadband: '死区',
    deadbandValue: '死区值',
    deadbandCheck: '百分比死区不超过 100',
    publishing: '发布周期（毫秒）',
  },
  en: {
    edit: (n: string) => `Edit connector “${n}”`,
    space: 'Address space',
    expand: (n: string) => `Expand ${n}`,
    pick: (n: string) => `Add ${n} to mappings`,
    row: (n: number) => `Mapping ${n}`,
    remove: (n: number) => `Remove mapping ${n}`,
    add: 'Add mapping',
    channel: 'Asset channel',
    nodeId: 'Node id (s=Temp, i=1001)',
    namespaceUri: 'Namespace URI',
    password: 'Password (write-only, never shown)',
    save: 'Save connector',
    nodeIdCheck: 'a node id looks like s=Temp',
    twice: 'is mapped twice',
    saved: (n: string) => `Connector “${n}” saved`,
    reported: 'Reported by the edge gateway at',
    deadband: 'Deadband',
    deadbandValue: 'Deadband value',
    deadbandCheck: 'a percent deadband is at most 100',
    publishing: 'Publishing interval (ms)',
  },
} satisfies Record<Lang, Record<string, unknown>>;

describe.skipIf(!hasChromium)('connectors: edit and browse an OPC UA address space', () => {
  let c: Console;
  let opc: TestOpcUaServer;
  let api: Api;
  let deviceId = '';
  let deviceToken = '';
  let assetId = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-e2e-opcua-'));
    [c, opc] = await Promise.all([
      startConsole(),
      (async () =>
        startTestOpcUaServer({ port: await freePort(), pkiDir: join(dir, 'pki'), tickMs: 1000 }))(),
    ]);
    api = await apiAs(c);
    assetId = (
      await api.call<{ id: string }>('POST', '/api/v1/assets', {
        name: 'E2E 换热站 PLC',
        serial: 'E2E-OPC-1',
      })
    ).id;
    const device = await api.call<{ id: string; token: string }>('POST', '/api/v1/devices', {
      assetId,
      name: 'E2E OPC 网关',
    });
    [deviceId, deviceToken] = [device.id, device.token];
  }, 180_000);
  afterAll(async () => {
    await c?.close();
    await opc?.stop();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`browses, picks a variable, shows refusals at their fields and saves (${lang})`, async () => {
      const w = words[lang];
      const name = `OPC-${lang}`;
      const { connector } = await api.call<{ connector: { id: string } }>(
        'POST',
        '/api/v1/connectors',
        {
          name,
          deviceId,
          runOn: 'gateway',
          protocol: 'opcua',
          endpointUrl: opc.endpointUrl,
          securityMode: 'None',
          publishingIntervalMs: 500,
          enabled: false,
          mappings: [
            {
              asset: assetId,
              channel: 'counter',
              namespaceUri: TEST_NAMESPACE,
              nodeId: 's=Counter',
              queueSize: 5,
              deadband: { kind: 'absolute', value: 2 },
            },
          ],
        },
      );
      // Its gateway reports its status, as `ronghe gateway` does with its device token.
      const reported = await fetch(`${c.url}/api/v1/connectors/gateway-status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          intervalMs: 5000,
          connectors: [
            {
              ...{ name, state: 'online', lastError: null, lastErrorAt: null, since: Date.now() },
              mappings: [
                {
                  k: `0:${assetId}/counter`,
                  v: 42,
                  t: Date.now(),
                  e: null,
                  et: null,
                  g: 9,
                  b: 0,
                  r: 1,
                },
              ],
            },
          ],
        }),
      });
      expect(reported.status).toBe(200);
      const p = await openPage(c, lang);
      const { page } = p;
      await page.goto('/login?next=%2Fconnectors');
      await login(p, ADMIN, c.adminPassword);
      const status = page.getByTestId(`mapping-status-${name}`);
      await expect
        .poll(() => status.getByTestId('last-value').allTextContents(), { timeout: 30_000 })
        .toEqual(['42']);
      expect(await page.getByTestId('reported-at').first().textContent()).toContain(w.reported);
      await screenshot(p, `connectors-gateway-status-${lang}`);
      await page.getByRole('link', { name, exact: true }).click();
      await page.waitForURL(new RegExp(`/connectors/${connector.id}$`));
      const form = page.getByRole('form', { name: w.edit(name) });
      const row = (n: number) => form.getByRole('group', { name: w.row(n) });
      expect(await row(1).getByLabel(w.nodeId).inputValue()).toBe('s=Counter');
      // A select's name carries its chosen option, so the two are told apart by their roles.
      const deadband = (n: number) => row(n).getByRole('combobox', { name: w.deadband });
      const deadbandValue = (n: number) =>
        row(n).getByRole('spinbutton', { name: w.deadbandValue });
      expect(await deadband(1).inputValue()).toBe('absolute');
      expect(await deadbandValue(1).inputValue()).toBe('2');
      expect(await form.getByLabel(w.publishing).inputValue()).toBe('500');
      const password = form.getByLabel(w.password);
      expect(await password.getAttribute('type')).toBe('password');
      expect(await password.inputValue()).toBe('');

      // The address space: Objects → Chiller → its variables; Temp picked into the mappings.
      const tree = page.getByRole('tree', { name: w.space });
      await tree.getByRole('button', { name: w.expand('Chiller') }).click();
      await tree.getByRole('button', { name: w.pick('Temp') }).click();
      expect(await row(2).getByLabel(w.nodeId).inputValue()).toBe('s=Temp');
      expect(await row(2).getByLabel(w.channel).inputValue()).toBe('temp');
      // Counter is mapped already: its pick button is disabled.
      expect(await tree.getByRole('button', { name: w.pick('Counter') }).isDisabled()).toBe(true);
      await screenshot(p, `connectors-browse-${lang}`);

      // A third row with a node id lacking its kind: refused at the field before sending.
      await form.getByRole('button', { name: w.add }).click();
      await row(3).getByLabel(w.channel).fill('level');
      await row(3).getByLabel(w.nodeId).fill('Level');
      await row(3).getByLabel(w.namespaceUri).fill(TEST_NAMESPACE);
      await form.getByRole('button', { name: w.save }).click();
      const rowError = (n: number) => row(n).getByTestId('field-error');
      await expect
        .poll(() => rowError(3).textContent(), { timeout: 30_000 })
        .toContain(w.nodeIdCheck);
      expect(await row(3).getByLabel(w.nodeId).getAttribute('aria-invalid')).toBe('true');
      await screenshot(p, `connectors-edit-refused-${lang}`);

      // Row 3 removed; row 2 made to map `counter` again: the server refuses it at that field.
      await form.getByRole('button', { name: w.remove(3) }).click();
      expect(await form.getByRole('group', { name: w.row(3) }).count()).toBe(0);
      await row(2).getByLabel(w.channel).fill('counter');
      await form.getByRole('button', { name: w.save }).click();
      await expect.poll(() => rowError(2).textContent(), { timeout: 30_000 }).toContain(w.twice);
      expect(await row(2).getByLabel(w.channel).getAttribute('aria-invalid')).toBe('true');
      // The server's refusal, too, names rows as the user sees them: no JSON path, no index.
      await expect
        .poll(() => page.getByTestId('notice-error').allTextContents())
        .toContainEqual(expect.stringContaining(`${w.row(2)} · ${w.channel}`));
      expect((await page.getByTestId('notice-error').allTextContents()).join(' ')).not.toMatch(
        /mappings\[/,
      );

      await row(2).getByLabel(w.channel).fill('supply_temp');
      // Deadbands: a percent above 100 is refused at its field before sending.
      await deadband(2).selectOption('percent');
      await deadbandValue(2).fill('150');
      await form.getByRole('button', { name: w.save }).click();
      await expect
        .poll(() => rowError(2).textContent(), { timeout: 30_000 })
        .toContain(w.deadbandCheck);
      expect(await deadbandValue(2).getAttribute('aria-invalid')).toBe('true');
      // The notice says the row and the field as the user sees them, not a JSON path.
      await expect
        .poll(() => page.getByTestId('notice-error').allTextContents())
        .toContainEqual(expect.stringContaining(`${w.row(2)} · ${w.deadbandValue}`));
      await deadbandValue(2).fill('5');
      await deadbandValue(1).fill('0.5');
      await form.getByLabel(w.publishing).fill('250');
      await form.getByRole('button', { name: w.save }).click();
      await expect
        .poll(() => page.getByTestId('notice-success').textContent(), { timeout: 30_000 })
        .toContain(w.saved(name));
      expect(await form.getByTestId('field-error').count()).toBe(0);
      // The save succeeded: its earlier refusals are out of date and no longer on screen.
      expect(await page.getByTestId('notice-error').count()).toBe(0);
      const stored = await api.call<{
        enabled: boolean;
        publishingIntervalMs: number;
        mappings: { channel: string; nodeId: string; queueSize?: number; deadband?: unknown }[];
      }>('GET', `/api/v1/connectors/${connector.id}`);
      expect(stored.mappings.map((m) => [m.channel, m.nodeId, m.deadband])).toEqual([
        ['counter', 's=Counter', { kind: 'absolute', value: 0.5 }],
        ['supply_temp', 's=Temp', { kind: 'percent', value: 5 }],
      ]);
      // What the form has no input for came back as it was.
      expect(stored.mappings[0]!.queueSize).toBe(5);
      expect(stored.enabled).toBe(false);
      expect(stored.publishingIntervalMs).toBe(250);
      await expectAccessible(p, `connectors-edit-${lang}`);
      await screenshot(p, `connectors-edit-${lang}`);
      // The server's refusal above is the answer shown to the user, not a fault of the console.
      p.errors.splice(
        0,
        p.errors.length,
        ...p.errors.filter((e) => !(e.includes('status of 400') && e.includes('/connectors/'))),
      );
      expectNoBrowserErrors(p);
      await p.close();
    }, 180_000);
  }

  it("keeps each Modbus mapping's unit id, deadband, timeout and retries when editing (zh-CN)", async () => {
    const name = 'Modbus-两站';
    const mapping = (unitId: number, channel: string, address: number) => ({
      asset: assetId,
      channel,
      unitId,
      function: 'holding',
      address,
      dataType: 'float32',
      count: 2,
      deadband: { kind: 'percent', value: 2 },
    });
    const { connector } = await api.call<{ connector: { id: string } }>(
      'POST',
      '/api/v1/connectors',
      {
        name,
        deviceId,
        runOn: 'gateway',
        protocol: 'modbus',
        host: '127.0.0.1',
        port: 502,
        intervalMs: 1000,
        timeoutMs: 800,
        retries: 3,
        mappings: [mapping(1, 'flow', 0), mapping(2, 'return_temp', 0)],
      },
    );
    const p = await openPage(c, 'zh-CN');
    const { page } = p;
    await page.goto(`/login?next=%2Fconnectors%2F${connector.id}`);
    await login(p, ADMIN, c.adminPassword);
    const form = page.getByRole('form', { name: `编辑连接器“${name}”` });
    const row = (n: number) => form.getByRole('group', { name: `点位 ${n}` });
    await expect.poll(() => row(2).getByLabel('从站地址（Unit ID）').inputValue()).toBe('2');
    expect(await row(1).getByLabel('从站地址（Unit ID）').inputValue()).toBe('1');
    expect(await row(2).getByRole('combobox', { name: '死区' }).inputValue()).toBe('percent');
    expect(await form.getByLabel('超时（毫秒）').inputValue()).toBe('800');
    expect(await form.getByLabel('重试次数').inputValue()).toBe('3');
    await form.getByLabel('轮询周期（毫秒）').fill('700');
    await row(2).getByRole('spinbutton', { name: '死区值' }).fill('4');
    // At the default 1,280 px a Modbus mapping is one line: its last field (the deadband
    // value) and its remove button sit level with its first (the channel), not wrapped under.
    const top = async (l: ReturnType<typeof row>) => (await l.boundingBox())!.y;
    const channelTop = await top(row(2).getByLabel('资产通道'));
    expect(await top(row(2).getByRole('spinbutton', { name: '死区值' }))).toBe(channelTop);
    expect(await top(row(2).getByRole('button', { name: '删除点位 2' }))).toBeLessThan(
      channelTop + 30,
    );
    await screenshot(p, 'connectors-edit-modbus-zh-CN');
    await form.getByRole('button', { name: '保存连接器' }).click();
    await expect
      .poll(() => page.getByTestId('notice-success').textContent(), { timeout: 30_000 })
      .toContain(`已保存连接器“${name}”`);
    const stored = await api.call<{
      intervalMs: number;
      timeoutMs: number;
      retries: number;
      mappings: { unitId: number; channel: string; deadband?: unknown }[];
    }>('GET', `/api/v1/connectors/${connector.id}`);
    expect([stored.intervalMs, stored.timeoutMs, stored.retries]).toEqual([700, 800, 3]);
    expect(stored.mappings.map((m) => [m.unitId, m.channel, m.deadband])).toEqual([
      [1, 'flow', { kind: 'percent', value: 2 }],
      [2, 'return_temp', { kind: 'percent', value: 4 }],
    ]);
    await expectAccessible(p, 'connectors-edit-modbus-zh-CN');
    // On the list, a gateway connector its gateway never reported for says so in Chinese.
    await page.getByRole('link', { name: '← 返回连接器列表' }).click();
    const line = page.getByTestId('connectors-table').getByRole('row').filter({ hasText: name });
    await expect
      .poll(() => line.textContent(), { timeout: 30_000 })
      .toContain('在边缘网关上运行，网关尚未上报状态');
    expect(await line.textContent()).not.toMatch(/has not reported/);
    await screenshot(p, 'connectors-not-reported-zh-CN');
    expectNoBrowserErrors(p);
    await p.close();
  }, 180_000);
});
