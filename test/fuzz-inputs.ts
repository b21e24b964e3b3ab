// Generated malformed inputs for test/fuzz.test.ts, all drawn from one seeded generator
// (kernel/random.ts), so a failing case reproduces from the printed seed and its index.
// Each generator starts from a well-formed shape and breaks it in one or more of the ways
// parsers get wrong: delimiters and escapes in odd places, huge or tiny numbers, overlong keys,
// reserved names, deep nesting, wrong types, truncation, stray bytes.
import { createRng, type Rng } from '../src/kernel/index.ts';
import { encodePayload } from '../src/mqtt/test-support.ts';

export class Gen {
  readonly rng: Rng;
  constructor(readonly seed: number) {
    this.rng = createRng(seed);
  }

  int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** A name: plain, empty, reserved, overlong, or with delimiters and odd characters in it. */
  name(): string {
    const plain = () =>
      Array.from({ length: 1 + this.int(8) }, () => this.pick([...'abcxyz_019'])).join('');
    switch (this.int(12)) {
      case 0:
        return '';
      case 1:
        return this.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']);
      case 2:
        return 'k'.repeat(this.chance(0.01) ? 70_000 : this.pick([199, 200, 201, 1000]));
      case 3:
        return plain() + this.pick([',', ' ', '=', '\\', '"', '\n', '#', '\t', '\0']) + plain();
      case 4:
        return this.pick(['温度', 'température', '🌡️', '\u202e', '\ud800', '%00', '${x}']);
      default:
        return plain();
    }
  }

  /** A field or JSON value: numbers at the edges, and things that are not numbers. */
  numberText(): string {
    return this.pick([
      '1',
      '-0',
      '1e308',
      '1e309',
      '-1e400',
      'NaN',
      'inf',
      '-Infinity',
      '0x1F',
      '12i',
      '-3u',
      '99999999999999999999999i',
      't',
      'FALSE',
      '"str"',
      '"unterminated',
      '',
      '.',
      '1.2.3',
      '4.9e-324',
      String(this.rng() * 1e6),
    ]);
  }

  timestamp(): string {
    return this.pick([
      '',
      String(Date.now()),
      String(Date.now() * 1_000_000),
      '99999999999999999999999',
      '9000000000000000',
      '-99999999999999999999',
      '-1',
      '0',
      '1e12',
      '17000000000000000000000000000000000000',
      'abc',
      String(2 ** 63),
    ]);
  }

  /** One line of line protocol, often broken. */
  line(): string {
    const tags = Array.from({ length: this.int(3) }, () => `,${this.name()}=${this.name()}`);
    const asset = this.chance(0.5) ? `,asset=${this.pick(['CH-1', 'CH-2', this.name()])}` : '';
    // Now and then a line over the field limit; mostly a few fields, broken otherwise.
    const nFields = this.chance(0.03) ? this.pick([1001, 5000]) : this.pick([0, 1, 2, 3, 5]);
    // Many fields have short keys: the point is the count, not megabytes of keys.
    const key = (k: number) =>
      nFields > 5 ? `f${k % 1200}` : this.chance(0.8) ? this.name() : 'f';
    const fields = Array.from(
      { length: nFields },
      (_, k) => `${key(k)}=${nFields > 5 ? k : this.numberText()}`,
    ).join(',');
    let s = `${this.chance(0.9) ? 'chiller' : this.name()}${asset}${tags.join('')} ${fields}`;
    if (this.chance(0.7)) s += ` ${this.timestamp()}`;
    return this.chance(0.2) ? this.corrupt(s) : s;
  }

  lineProtocol(): string {
    const n = this.pick([1, 1, 2, 5, 20]);
    return Array.from({ length: n }, () => this.line()).join(this.pick(['\n', '\r\n', '\n\n']));
  }

  /** Flips, drops, duplicates or inserts a few characters. */
  corrupt(s: string): string {
    let out = s;
    for (let k = 1 + this.int(3); k > 0 && out.length > 0; k--) {
      const i = this.int(out.length);
      switch (this.int(4)) {
        case 0:
          out = out.slice(0, i) + out.slice(i + 1);
          break;
        case 1:
          out =
            out.slice(0, i) + this.pick(['"', '\\', ',', '{', '[', '\n', '\0', '=']) + out.slice(i);
          break;
        case 2:
          out = out.slice(0, i);
          break;
        default:
          out = out.slice(0, i) + out.slice(i, i + 8).repeat(3) + out.slice(i + 8);
      }
    }
    return out;
  }

  /** Any JSON value, nested up to `depth`. */
  value(depth = 3): unknown {
    switch (depth <= 0 ? this.int(5) : this.int(8)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 5e-324, 1e300]);
      case 3:
        return this.name();
      case 4:
        return this.pick(['', '2026-01-01T00:00:00Z', 'not a date', '1e400']);
      case 5:
        return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let k = this.int(4); k > 0; k--) o[this.name()] = this.value(depth - 1);
        return o;
      }
    }
  }

  /** JSON text for a telemetry batch: near-valid shapes with wrong parts, or anything. */
  telemetryJson(): string {
    const values = (): unknown => {
      if (this.chance(0.2)) return this.value(2);
      const o: Record<string, unknown> = {};
      const n = this.chance(0.05) ? 1001 : this.pick([0, 1, 2, 3]);
      for (let k = 0; k < n; k++)
        o[n > 2 ? `c${k}` : this.name()] = this.chance(0.8) ? this.rng() * 10 : this.value(1);
      return o;
    };
    const point = () => ({
      asset: this.chance(0.8) ? this.pick(['CH-1', 'CH-2', 'LOC-1', this.name()]) : this.value(1),
      ...(this.chance(0.7) ? { ts: this.pick([Date.now(), 1e300, -1e300, 9e15, 'x', null]) } : {}),
      values: values(),
      ...(this.chance(0.1) ? { [this.name()]: 1 } : {}),
    });
    const body = this.chance(0.85)
      ? {
          points: this.chance(0.9) ? Array.from({ length: 1 + this.int(3) }, point) : this.value(2),
        }
      : this.value(3);
    return this.finish(body);
  }

  /** JSON text of `body`, sometimes broken, deeply nested or with a __proto__ key spliced in. */
  finish(body: unknown): string {
    const text = JSON.stringify(body) ?? 'null';
    switch (this.int(10)) {
      case 0:
        return this.corrupt(text);
      case 1:
        return this.chance(0.1) ? `${'['.repeat(5000)}${']'.repeat(5000)}` : this.corrupt(text);
      case 2:
        return text.replace(/^\{/, '{"__proto__":{"admin":true},');
      case 3:
        return text.replace(/^\{/, '{"constructor":{"prototype":{"x":1}},');
      default:
        return text;
    }
  }

  assetJson(): string {
    const body: Record<string, unknown> = {
      name: this.chance(0.8) ? this.name() : this.value(1),
      serial: this.chance(0.8)
        ? `FZ-${this.int(1e9)}${this.pick(['', ' ', '\n', '"'])}`
        : this.value(1),
    };
    if (this.chance(0.5)) body.properties = this.value(2);
    if (this.chance(0.3)) body.level = this.pick(['site', 'asset', 'nope', 3]);
    if (this.chance(0.3)) body.installDate = this.pick(['2026-02-30', '0000-00-00', 'x', null]);
    if (this.chance(0.3)) body.latitude = this.pick([91, -90, 1e308, 'n']);
    if (this.chance(0.3)) body.modelId = this.pick(['am_x', '', null, 'am_' + 'a'.repeat(70)]);
    return this.finish(body);
  }

  modelJson(): string {
    const def = () => ({
      key: this.name(),
      name: this.chance(0.9) ? this.name() || 'n' : this.value(1),
      dataType: this.pick(['float', 'number', 'integer', 'string', 'boolean', 'blob']),
      ...(this.chance(0.3) ? { min: this.pick([5, 1e308, 'x']), max: this.pick([1, -1e308]) } : {}),
    });
    const body: Record<string, unknown> = { name: `FZ model ${this.int(1e9)}` };
    if (this.chance(0.7)) body.channels = Array.from({ length: this.int(4) }, def);
    if (this.chance(0.5)) body.properties = Array.from({ length: this.int(3) }, def);
    if (this.chance(0.2)) body.allowNewChannels = this.value(0);
    return this.finish(body);
  }

  /** An asset import CSV: header variants and rows with quoting gone wrong. */
  csv(): string {
    const header = this.pick([
      'serial,name',
      'serial,name,model,customer,parent_serial,level,site,latitude,longitude,install_date,lifecycle',
      `serial,name,prop.${this.name()}`,
      'name',
      '',
      'serial,name,serial',
      '"serial","name"',
      '\ufeffserial,name',
    ]);
    const cell = () =>
      this.pick([
        `FZ-${this.int(1e6)}`,
        '',
        '"quoted, comma"',
        '"unterminated',
        'a"b',
        '"multi\nline"',
        "'=cmd|' /C calc'!A0",
        'x'.repeat(this.pick([10, 5000])),
        this.name(),
        this.numberText(),
      ]);
    const rows = Array.from({ length: this.pick([0, 1, 3, 12]) }, () =>
      Array.from({ length: 1 + this.int(5) }, cell).join(','),
    );
    const text = [header, ...rows].join(this.pick(['\n', '\r\n', '\r']));
    return this.chance(0.15) ? this.corrupt(text) : text;
  }

  bytes(): Buffer {
    const n = this.pick([0, 1, 7, 64, 512, 4096]);
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }

  /** Sparkplug B payloads: encoded with odd fields, truncated, or plain random bytes. */
  sparkplug(): Buffer {
    if (this.chance(0.3)) return this.bytes();
    const metric = () => ({
      ...(this.chance(0.8) ? { name: this.name() } : {}),
      ...(this.chance(0.3) ? { alias: this.int(1000) } : {}),
      ...(this.chance(0.5) ? { timestamp: this.pick([Date.now(), 0, 2 ** 52]) } : {}),
      ...(this.chance(0.8) ? { datatype: this.int(40) } : {}),
      ...(this.chance(0.3) ? { double: this.pick([NaN, Infinity, 1.5, -0]) } : {}),
      ...(this.chance(0.3) ? { int: this.int(2 ** 32) } : {}),
      ...(this.chance(0.2) ? { string: this.name() } : {}),
      ...(this.chance(0.2) ? { isNull: true } : {}),
    });
    const encoded = encodePayload({
      ...(this.chance(0.7) ? { timestamp: Date.now() } : {}),
      ...(this.chance(0.7) ? { seq: this.pick([0, 1, 255, 256, 2 ** 40]) } : {}),
      metrics: Array.from({ length: this.int(5) }, metric),
    });
    return this.chance(0.2) ? encoded.subarray(0, this.int(encoded.length + 1)) : encoded;
  }

  /** A telemetry payload over MQTT that always carries at least one defect. */
  mqttTelemetry(): { topic: string; payload: Buffer } {
    const topic = this.pick([
      'ronghe/telemetry/CH-1',
      'ronghe/telemetry',
      `ronghe/telemetry/${
        this.name()
          .replace(/[#+/\0]/g, '_')
          .slice(0, 100) || 'x'
      }`,
      'ronghe/lp',
      'ronghe/lp/ms',
      'ronghe/lp/ns',
      'ronghe/lp/bogus',
      'ronghe/telemetry/a/b',
    ]);
    const kind = this.int(4);
    const wrongChannel = `zz_${this.int(1e6)}`; // model A declares only 'cop'
    let payload: Buffer;
    if (kind === 0) payload = this.bytes();
    else if (topic.startsWith('ronghe/lp')) {
      const lines = [this.line(), `chiller,asset=CH-1 ${wrongChannel}=1`];
      payload = Buffer.from(lines.join('\n'));
    } else {
      const point = { ts: Date.now(), values: { cop: 1, [wrongChannel]: this.numberText() } };
      const body = kind === 1 ? this.value(3) : topic === 'ronghe/telemetry' ? [point] : point;
      payload = Buffer.from(
        this.chance(0.3) ? this.corrupt(JSON.stringify(body) ?? '') : (JSON.stringify(body) ?? ''),
      );
    }
    return { topic, payload };
  }
}
