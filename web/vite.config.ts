import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The UI imports the server's zod schemas and pure domain rules from ../src, so the dev server may read there.
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': process.env.LINECAST_API ?? 'http://127.0.0.1:3000', '/c/': process.env.LINECAST_API ?? 'http://127.0.0.1:3000' },
  },
});
