// Builds the Sheaf PWA from web/ into web/dist, which the relay serves on its own origin.
// The combination below (esnext target, wasm plugin for the app and its workers, generateSW)
// is the one measured to run automerge-repo, Dexie and comlink in Chromium: see shared/MEASURED.md.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import wasm from 'vite-plugin-wasm';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const isPlugin = (value: unknown): value is Plugin => typeof value === 'object' && value !== null && 'name' in value;

/** vite-plugin-wasm types its factory as returning `any`: check the shape rather than trust it. */
function wasmPlugin(): Plugin {
  const plugin: unknown = wasm();
  if (!isPlugin(plugin)) throw new Error('vite-plugin-wasm did not return a Vite plugin');
  return plugin;
}

/** The relay `npm run dev` starts beside Vite; the built app talks to its own origin instead. */
const DEV_RELAY_PORT = 8081;

export default defineConfig({
  root: fromRoot('./web'),
  resolve: {
    // Workspace packages export their TypeScript sources under this condition (see shared/package.json).
    conditions: ['sheaf-source', ...defaultClientConditions],
  },
  build: {
    outDir: fromRoot('./web/dist'),
    emptyOutDir: true,
    // Automerge loads its wasm with a top-level await, which only esnext output keeps.
    target: 'esnext',
  },
  worker: {
    format: 'es',
    plugins: () => [wasmPlugin()],
  },
  plugins: [
    react(),
    wasmPlugin(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // web/src/pwa.ts registers the worker itself, so that it can show the "new version" banner.
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Sheaf',
        short_name: 'Sheaf',
        description: 'Your files on every device, even offline.',
        theme_color: '#157a5b',
        background_color: '#f6f7f6',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,ico,webmanifest}'],
        // Automerge's wasm is over 3 MB; Workbox's 2 MiB default would leave the app unable to start offline.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: '/index.html',
        // The API and the sync socket belong to the relay, never to the app shell.
        navigateFallbackDenylist: [/^\/api\//, /^\/sync/],
        cleanupOutdatedCaches: true,
        // The first worker takes control of the page that installed it, so a first visit already
        // works offline (starting workers, loading chunks of the app) without a reload. Updates still
        // wait for the user: with registerType 'prompt' a new worker only activates when asked to.
        clientsClaim: true,
      },
    }),
  ],
  server: {
    proxy: {
      '/api': { target: `http://localhost:${DEV_RELAY_PORT}`, changeOrigin: true },
      '/sync': { target: `ws://localhost:${DEV_RELAY_PORT}`, ws: true },
    },
  },
});
