import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts its own redis-server and REST server; the conformance races send
    // hundreds of HTTP requests. Generous limits keep a loaded CI machine from failing them;
    // a hang (a client without timeout) still fails.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
