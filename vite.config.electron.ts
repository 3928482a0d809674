import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Main and preload for Electron: CommonJS, Node 20, electron left external, everything else
// (lowdb is ESM-only) bundled so the packaged app needs no node_modules.
export default defineConfig({
  build: {
    outDir: 'dist/main',
    emptyOutDir: true,
    ssr: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rollupOptions: {
      input: { main: 'electron/main/main.ts', preload: 'electron/preload/preload.ts' },
      external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
  ssr: { noExternal: true },
});
