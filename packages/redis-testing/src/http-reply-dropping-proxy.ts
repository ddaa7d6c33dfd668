import {
  Agent,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the HTTP proxy saw it. */
export interface ProxiedRequest {
  /** `POST`, as the client sent it. */
  readonly method: string;
  /** The path with its query, such as `/pipeline`. */
  readonly path: string;
  /** The request body as UTF-8 text. */
  readonly body: string;
}

/**
 * Which request's response to drop: `{ path }` for an exact path, `{ includes }` for a
 * substring of the body (such as `'evalsha'`), both to require both, or a predicate.
 */
export type RequestMatcher =
  | { readonly path?: string; readonly includes?: string }
  | ((request: ProxiedRequest) => boolean);

/** A running proxy; see {@link startHttpReplyDroppingProxy}. */
export interface HttpReplyDroppingProxy {
  /** Base URL to give the client instead of the upstream's, such as `http://127.0.0.1:8123`. */
  readonly url: string;
  /** The port of {@link HttpReplyDroppingProxy.url}. */
  readonly port: number;
  /**
   * Arms the proxy: the next `times` matching requests (default 1) are sent upstream and
   * completed there; then the upstream response is discarded and the client's connection
   * destroyed without a response. Re-arming replaces the matcher.
   */
  dropNextResponseTo(matcher: RequestMatcher, times?: number): void;
  /** Disarms the proxy. */
  disarm(): void;
  /** The requests whose responses were dropped, oldest first. */
  dropped(): readonly ProxiedRequest[];
  /** Requests forwarded upstream since start or {@link HttpReplyDroppingProxy.resetCounts}. */
  requestCount(): number;
  /** The last requests forwarded (at most 1000), oldest first. */
  requests(): readonly ProxiedRequest[];
  /** Sets the count back to 0 and clears the request and drop logs. */
  resetCounts(): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

const LOG_LIMIT = 1000;
// Hop-by-hop headers describe one connection, not the request; the proxy sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function matches(matcher: RequestMatcher, seen: ProxiedRequest): boolean {
  if (typeof matcher === 'function') return matcher(seen);
  if (matcher.path !== undefined && matcher.path !== seen.path) return false;
  return matcher.includes === undefined || seen.body.includes(matcher.includes);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forwardHeaders(req: IncomingMessage, length: number): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers))
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  headers['content-length'] = length;
  return headers;
}

/**
 * Starts an HTTP proxy on a free loopback port in front of `targetUrl` (a loopback HTTP
 * server such as the Upstash dev server). Each request is read whole, sent upstream and its
 * response relayed; when armed, the response to a matching request is read upstream and thrown
 * away, and the client's socket destroyed, so the request took effect but the client sees a
 * network error (and `@upstash/redis` sends it again).
 *
 * @example
 * ```ts
 * const proxy = await startHttpReplyDroppingProxy({ targetUrl: devServer.url });
 * const redis = new Redis({ url: proxy.url, token: devServer.token });
 * proxy.dropNextResponseTo({ includes: 'evalsha' });
 * ```
 */
export async function startHttpReplyDroppingProxy(options: {
  readonly targetUrl: string;
}): Promise<HttpReplyDroppingProxy> {
  const target = new URL(options.targetUrl);
  if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(target.hostname))
    throw new Error('startHttpReplyDroppingProxy: targetUrl must be http:// on loopback');
  let armed: { matcher: RequestMatcher; times: number } | undefined;
  let log: ProxiedRequest[] = [];
  let drops: ProxiedRequest[] = [];
  let count = 0;
  const agent = new Agent({ keepAlive: true });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const seen: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: body.toString('utf8'),
    };
    count += 1;
    log.push(seen);
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
    let drop = false;
    if (armed && matches(armed.matcher, seen)) {
      drop = true;
      armed.times -= 1;
      if (armed.times <= 0) armed = undefined;
    }
    const upstream = request({
      agent,
      host: '127.0.0.1',
      port: Number(target.port || 80),
      method: seen.method,
      path: seen.path,
      headers: forwardHeaders(req, body.length),
    });
    upstream.on('response', (answer) => {
      if (drop) {
        answer.resume(); // read it to the end so that the request is complete upstream
        answer.on('end', () => {
          drops.push(seen);
          req.socket.destroy();
        });
        return;
      }
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers))
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dropNextResponseTo(matcher, times = 1) {
      armed = { matcher, times };
    },
    disarm() {
      armed = undefined;
    },
    dropped: () => drops,
    requestCount: () => count,
    requests: () => log,
    resetCounts() {
      count = 0;
      log = [];
      drops = [];
    },
    close() {
      armed = undefined;
      server.closeAllConnections();
      agent.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
