// Editing a connector (设备接入 → 编辑, issue 23) against a real node-opcua server started here:
// the OPC UA connector's address space is browsed (Objects → Chiller), a variable is picked into
// the mappings, a row with a malformed node id is refused at its field before sending, a channel
// mapped twice is refused by the server at its field, a row is removed and the definition saved,
// read back through the API. The password field stays write-only. Before that, the status its
// gateway reported shows on the list. In zh-CN and en.
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
          mappings: [
            {
              asset: assetId,
              channel: 'counter',
              namespaceUri: TEST_NAMESPACE,
              nodeId: 's=Counter',
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

      await row(2).getByLabel(w.channel).fill('supply_temp');
      await form.getByRole('button', { name: w.save }).click();
      await expect
        .poll(() => page.getByTestId('notice-success').textContent(), { timeout: 30_000 })
        .toContain(w.saved(name));
      expect(await form.getByTestId('field-error').count()).toBe(0);
      const stored = await api.call<{ mappings: { channel: string; nodeId: string }[] }>(
        'GET',
        `/api/v1/connectors/${connector.id}`,
      );
      expect(stored.mappings.map((m) => [m.channel, m.nodeId])).toEqual([
        ['counter', 's=Counter'],
        ['supply_temp', 's=Temp'],
      ]);
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
});
