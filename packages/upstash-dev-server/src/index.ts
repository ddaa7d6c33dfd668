export { encodeReply, type RestValue } from './encoding.js';
export { ScriptFlagTranslator, stripUpstashFlags } from './script-flags.js';
export {
  type DevServerRequest,
  startUpstashDevServer,
  type UpstashDevServer,
  type UpstashDevServerOptions,
} from './server.js';
