// The renderer's build: one bundle for both hosts. `base: './'` keeps every asset URL relative,
// so the same files load under Electron's custom protocol and under `thumbdesk serve` at `/`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
  },
});
