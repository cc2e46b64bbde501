import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console's build: served by the bridge under /console, so every asset URL starts there. No inline
 * scripts or styles, so the bridge's CSP can forbid them; no module preload polyfill (an inline script).
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
