// The console's build: React, one entry (index.html, no inline scripts so a strict
// Content-Security-Policy holds), each context's screens split into chunks by their lazy routes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Brotli (quality 11) and gzip (level 9) copies of every text asset, written beside it at build
 * time, so the platform sends them as they are (@fastify/static `preCompressed`) without
 * compressing on each request: the most compression for no CPU per request.
 */
function precompress(): Plugin {
  return {
    name: 'ronghe-precompress',
    apply: 'build',
    // After the files are written: earlier hooks may still see code that later plugins rewrite.
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json|html)$/.test(name)) continue;
        const path = join(options.dir!, name);
        const raw = readFileSync(path);
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        });
        writeFileSync(`${path}.br`, br);
        writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * `<link rel="modulepreload">` for the landing screen's chunk (the fleet overview, where `/`
 * leads) and the chunks it imports (ECharts among them), so the browser fetches them while it
 * parses the entry instead of after: they are still evaluated only when the route loads them.
 */
function preloadLanding(module: string): Plugin {
  return {
    name: 'ronghe-preload-landing',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) =>
          c.type === 'chunk' ? [c] : [],
        );
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const landing = chunks.find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith(module));
        if (!landing) throw new Error(`preloadLanding: no dynamic chunk for ${module}`);
        const files = new Set<string>();
        const visit = (name: string) => {
          if (files.has(name)) return;
          files.add(name);
          for (const i of byName.get(name)?.imports ?? []) visit(i);
        };
        visit(landing.fileName);
        return [...files]
          .filter((f) => !html.includes(f))
          .map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadLanding('/src/assets/fleet-page.tsx'), precompress()],
  build: {
    outDir: 'dist',
    // Not /assets: that is the console's own asset page path (/assets/:id).
    assetsDir: 'static',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite web` during development proxies the API to a running platform.
    proxy: Object.fromEntries(
      ['/api', '/write', '/docs', '/openapi.json'].map((p) => [
        p,
        process.env.RONGHE_URL ?? 'http://localhost:8080',
      ]),
    ),
  },
});
