import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one static bundle served by the Electron custom protocol and by the browser host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
  },
});
