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
    rollupOptions: {
      // zod's sources carry `@__PURE__` comments where Rollup cannot use them; harmless, and
      // not ours to fix.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/'))
          return;
        warn(warning);
      },
    },
  },
});
