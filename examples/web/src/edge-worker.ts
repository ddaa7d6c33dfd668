import { createEdgeApp, type EdgeEnv } from './edge-app.js';

// Service-worker style entry for edge runtimes that dispatch `fetch` events (the Vercel
// edge-runtime used by `start:edge`). The host puts the environment in `COATCHECK_ENV`.

interface FetchEventLike {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

const scope = globalThis as unknown as {
  COATCHECK_ENV?: EdgeEnv;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
};
if (!scope.COATCHECK_ENV) throw new Error('COATCHECK_ENV is not set');
const app = createEdgeApp(scope.COATCHECK_ENV);
scope.addEventListener('fetch', (event) => {
  event.respondWith(app.fetch(event.request));
});
