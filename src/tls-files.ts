// The certificate chain and key of RONGHE_TLS_CERT / RONGHE_TLS_KEY, read and checked once at
// the start, for the HTTPS listener and the mqtts listener alike.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { Config } from './config.ts';
import { RongheError } from './kernel/index.ts';

/** The mqtts listener's certificate and key, read once at the start. */
export function mqttTls(config: Config): { port: number; cert: Buffer; key: Buffer } | undefined {
  if (config.mqttTlsPort === null) return undefined;
  const files = tlsFiles(config);
  return files && { port: config.mqttTlsPort, ...files };
}

/** The certificate chain and key (RONGHE_TLS_CERT, RONGHE_TLS_KEY), read and checked once. */
export function tlsFiles(config: Config): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tls) return undefined;
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `${name}: cannot read '${path}' (${(e as Error).message})`,
          'zh-CN': `${name}：无法读取“${path}”（${(e as Error).message}）`,
        },
        [{ field: name, reason: 'not a readable PEM file' }],
      );
    }
  };
  const cert = read('RONGHE_TLS_CERT', config.tls.certFile);
  const key = read('RONGHE_TLS_KEY', config.tls.keyFile);
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    const reason = `not a PEM certificate chain and its private key (${(e as Error).message})`;
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `RONGHE_TLS_CERT, RONGHE_TLS_KEY: ${reason}`,
        'zh-CN': `RONGHE_TLS_CERT、RONGHE_TLS_KEY 有误：${reason}`,
      },
      [{ field: 'RONGHE_TLS_CERT', reason }],
    );
  }
  return { cert, key };
}
