// The console's build: React, one entry (index.html, no inline scripts so a strict
// Content-Security-Policy holds), each context's screens split into chunks by their lazy routes.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
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
