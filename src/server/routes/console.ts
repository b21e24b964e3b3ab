// The web console (web/, issue #14): the built single-page app in web/dist served at `/`, its
// hashed assets cached for a year (immutable) and sent as the Brotli or gzip copy the build
// wrote beside each (web/vite.config.ts) when the browser accepts it, and every other GET that accepts HTML and is not an API,
// docs or probe path answered with index.html so the console's own router takes over
// (bookmarks and reloads of /fleet, /assets/… work). Without a build (dev dependencies
// omitted), `/` says how to build it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const defaultConsoleDir = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the console never answers, so their 404s stay JSON. */
const apiPrefixes = [
  '/api/',
  '/write',
  '/docs',
  '/openapi.json',
  '/healthz',
  '/readyz',
  '/metrics',
];

const notBuilt = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Ronghe 融合</title></head>
<body><h1>Ronghe 融合</h1><p>控制台尚未构建：运行 <code>npm install &amp;&amp; npm start</code>。</p>
<p>The console is not built: run <code>npm install &amp;&amp; npm start</code> (it builds web/dist).</p>
<p><a href="/docs">API 文档 / API docs</a></p></body></html>`;

export async function consoleRoutes(app: FastifyInstance, opts: { dir?: string }) {
  const dir = opts.dir ?? defaultConsoleDir;
  const pub = { config: { permission: 'public' as const }, schema: { hide: true } };
  await app.register(fastifyStatic, { root: dir, serve: false, preCompressed: true });

  const index = (reply: FastifyReply) => {
    if (!existsSync(join(dir, 'index.html')))
      return reply.type('text/html; charset=utf-8').send(notBuilt);
    // index.html names the hashed bundles of this build: never cache it.
    return reply
      .sendFile('index.html', { maxAge: 0, cacheControl: false })
      .header('cache-control', 'no-cache');
  };

  app.get('/', pub, async (_req, reply) => index(reply));
  app.get('/static/*', pub, async (req: FastifyRequest<{ Params: { '*': string } }>, reply) =>
    reply.sendFile(`static/${req.params['*']}`, { maxAge: '365d', immutable: true }),
  );
  app.get('/favicon.svg', pub, async (_req, reply) => reply.sendFile('favicon.svg'));
  app.get('/*', pub, async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const html = (req.headers.accept ?? '').includes('text/html');
    if (!html || apiPrefixes.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p)))
      return reply.callNotFound();
    return index(reply);
  });
}
