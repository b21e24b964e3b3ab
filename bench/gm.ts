// `npm run bench -- gm [--ms 1500]`: 国密 against the default algorithms, as the platform uses
// them (issue 26: "measured for speed against the default algorithms"): the audit chain's hash
// of one record (SM3 vs SHA-256), HMAC of a 64-byte keyed-hash input (HMAC-SM3 vs HMAC-SHA-256),
// sealing and opening a personal field (SM4-CTR + HMAC-SM3 vs AES-256-GCM), and bulk hashing
// (MB/s over 1 MiB buffers). All from Node.js's own OpenSSL; one thread; operations per second.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { chainHash } from '../src/identity/audit-chain.ts';
import {
  digestHex,
  hmac,
  openField,
  sealField,
  type Digest,
  type FieldCipher,
} from '../src/kernel/gm.ts';

/** Operations per second of `f`, run for about `ms` after a short warm-up. */
function rate(f: () => unknown, ms: number): number {
  for (let i = 0; i < 200; i++) f();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) f();
    n += 100;
    now = performance.now();
  }
  return Math.round((n * 1000) / (now - start));
}

export async function run(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: { ms: { type: 'string', default: '1500' } },
  });
  const ms = Number(values.ms);
  const record = {
    id: 'au_0123456789abcdef',
    tenant_id: 't_demo',
    actor: 'user:u_0123456789abcdef',
    action: 'asset.update',
    entity_type: 'asset',
    entity_id: 'as_0123456789abcdef',
    details: JSON.stringify({ outcome: 'success', address: '10.1.2.3', changed: ['name'] }),
    at: Date.now(),
  };
  const key = randomBytes(32);
  const input = randomBytes(64);
  const mib = randomBytes(1 << 20);
  const email = 'wang.jianguo@example.com.cn';
  const per = (alg: Digest) => ({
    auditRecordsPerSec: rate(() => chainHash(alg, 'sha256:' + '0'.repeat(64), 42, record), ms),
    hmacPerSec: rate(() => hmac(alg, key, input), ms),
    bulkMBPerSec: Math.round(rate(() => digestHex(alg, mib), ms) * 1.048576 * 10) / 10,
  });
  const field = (cipher: FieldCipher) => {
    const sealed = sealField(cipher, key, email);
    return {
      sealPerSec: rate(() => sealField(cipher, key, email), ms),
      openPerSec: rate(() => openField(key, sealed), ms),
    };
  };
  console.error('gm: hashing…');
  const sha256 = per('sha256');
  const sm3 = per('sm3');
  console.error('gm: field ciphers…');
  const aes = field('aes-256-gcm');
  const sm4 = field('sm4-ctr-hmac-sm3');
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    node: process.versions.node,
    openssl: process.versions.openssl,
    hash: { sha256, sm3 },
    fieldCipher: { 'aes-256-gcm': aes, 'sm4-ctr-hmac-sm3': sm4 },
    sm3VsSha256: {
      auditRecords: ratio(sm3.auditRecordsPerSec, sha256.auditRecordsPerSec),
      hmac: ratio(sm3.hmacPerSec, sha256.hmacPerSec),
      bulk: ratio(sm3.bulkMBPerSec, sha256.bulkMBPerSec),
    },
    sm4VsAesGcm: {
      seal: ratio(sm4.sealPerSec, aes.sealPerSec),
      open: ratio(sm4.openPerSec, aes.openPerSec),
    },
  };
}
