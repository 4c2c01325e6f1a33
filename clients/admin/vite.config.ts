import { mergeConfig } from 'vite';
import { clientConfig } from '../ui/build/client-config.ts';

export default mergeConfig(clientConfig({ root: import.meta.dirname, base: '/admin/', devPort: 5174, budgetKb: 250 }), {
  build: {
    // Monaco (GraphiQL's editor) is one big lazy chunk of the ad-hoc query page, never on the first load
    // (the 250 KB first-load budget fails the build if it ever gets there).
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      // graphiql's modules start with React Compiler's "use no memo", which a bundle cannot keep: harmless.
      onwarn(warning: { code?: string }, warn: (warning: { code?: string }) => void) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
