export { bundleForEdgeVM, bundleWorkerModule, strictEdgeVM } from './edge-bundles.js';
export { type ExampleRoutes, walkExampleApp } from './example-app.js';
export {
  EXPIRATION_SECONDS,
  freshDid,
  onlyCookie,
  type SetCookie,
  type SwitchableStorage,
  sessionOf,
  setCookies,
  signInAs,
  switchableStorage,
  T0,
  TOUCH_SECONDS,
} from './fixtures.js';
export type { FrameworkHarness, TestApp, TestRequest } from './harness.js';
export { readmeShows, walkReadmeApp } from './readme-app.js';
export { runFrameworkSuite } from './run-framework-suite.js';
export {
  freePort,
  type ServerCommand,
  type ServerProcess,
  startServerProcess,
} from './server-process.js';
export { startWorkerd, type WorkerScript } from './workerd.js';
