// Builds the Sheaf PWA from web/ into web/dist, which the relay serves on its own origin.
// The combination below (esnext target, wasm plugin for the app and its workers, a Workbox service worker)
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
      // A small worker of our own (web/src/sw/sw.ts): Workbox's precaching and navigation fallback,
      // plus the share target, which a generated worker cannot answer.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      // web/src/pwa.ts registers the worker itself, so that it can show the "new version" banner.
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Sheaf',
        short_name: 'Sheaf',
        description: 'Your files on every device, even offline.',
        theme_color: '#157a5b',
        background_color: '#f6f7f6',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        categories: ['productivity', 'utilities'],
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          {
            name: 'Upload files',
            short_name: 'Upload',
            description: 'Choose files to add to My Drive',
            url: '/?action=upload',
            icons: [{ src: '/shortcut-upload-96.png', sizes: '96x96', type: 'image/png' }],
          },
          {
            name: 'Trash',
            description: 'Restore deleted files',
            url: '/#/trash',
            icons: [{ src: '/shortcut-trash-96.png', sizes: '96x96', type: 'image/png' }],
          },
        ],
        // The system share sheet posts files here; the worker keeps them and opens the app on them.
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: ['*/*'] }] },
        },
        // "Open with Sheaf": the launch queue hands the files to the page (web/src/app/launch-files.ts).
        file_handlers: [
          {
            action: '/',
            accept: {
              'application/pdf': ['.pdf'],
              'image/*': ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg', '.heic'],
              'text/*': ['.txt', '.md', '.csv', '.json'],
              'audio/*': ['.mp3', '.wav', '.ogg', '.m4a'],
              'video/*': ['.mp4', '.webm', '.mov'],
              'application/zip': ['.zip'],
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
              'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
            },
          },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,ico,webmanifest}'],
        // Automerge's wasm is over 3 MB; Workbox's 2 MiB default would leave the app unable to start offline.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // A classic worker: module service workers are not in every browser Sheaf installs on.
        rollupFormat: 'iife',
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
