import { UpstashStorage } from '@coatcheck/upstash';
import { Redis } from '@upstash/redis/cloudflare';
import type { Hono } from 'hono';
import { DEMO_PASSWORD_HINTS } from './accounts.js';
import { createApp } from './app.js';
import { redactUrl } from './redact-url.js';
import { createSessionManager } from './sessions.js';

/** What the edge entry needs; edge platforms hand these over as bindings or env vars. */
export interface EdgeEnv {
  readonly UPSTASH_REDIS_REST_URL: string;
  readonly UPSTASH_REDIS_REST_TOKEN: string;
  /** At least 32 characters, the same on every instance. */
  readonly APP_SECRET: string;
  readonly COATCHECK_KEY_PREFIX?: string;
}

/**
 * The example app for edge runtimes: the same Hono app, with sessions in Upstash over HTTP (edge
 * runtimes have no TCP sockets). Edge platforms sit behind their own proxy, which sets
 * `X-Forwarded-For`, so the proxy headers are trusted.
 */
export function createEdgeApp(env: EdgeEnv): Hono {
  const client = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    signal: () => AbortSignal.timeout(5000),
  });
  const storage = new UpstashStorage(
    client,
    env.COATCHECK_KEY_PREFIX ? { keyPrefix: env.COATCHECK_KEY_PREFIX } : {},
  );
  return createApp({
    sessions: createSessionManager(storage),
    backend: `Upstash Redis REST (${redactUrl(env.UPSTASH_REDIS_REST_URL)}), edge runtime`,
    secret: env.APP_SECRET,
    passwordHints: DEMO_PASSWORD_HINTS,
    trustProxy: true,
  });
}
