import type { AddressInfo } from 'node:net';
import { type Did, InvalidArgumentError } from '@coatcheck/core';
import type { FrameworkHarness, TestApp } from '@coatcheck/framework-tests';
import type { SessionMiddlewareOptions } from '@coatcheck/http';
import type express from 'express';
import type { Application, ErrorRequestHandler, Request, Response } from 'express';
import {
  rotateSession,
  sessionEnded,
  sessionErrorHandler,
  sessionMiddleware,
  signIn,
  signOut,
} from '../src/index.js';

type Express = typeof express;

// Express 4 does not pass a rejected promise on to the error handlers: hand it over.
const route =
  (handler: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: (error: unknown) => void) => {
    handler(req, res).catch(next);
  };

/** The suite's routes on an app of the given Express. */
export function expressApp(expressModule: Express, options: SessionMiddlewareOptions): Application {
  const app = expressModule();
  // The tests' requests come from loopback, so X-Forwarded-Proto: https makes `req.secure`.
  app.set('trust proxy', 'loopback');
  app.use(sessionMiddleware(options));
  app.get('/session', (req, res) => {
    res.json({ session: req.session });
  });
  app.post(
    '/sign-in',
    route(async (req, res) => {
      const deviceId = typeof req.query.deviceId === 'string' ? req.query.deviceId : undefined;
      const issued = await signIn(req, res, req.query.did as Did, deviceId ? { deviceId } : {});
      res.json({ id: issued.id });
    }),
  );
  app.post(
    '/rotate',
    route(async (req, res) => {
      res.json({ id: (await rotateSession(req, res))?.id ?? null });
    }),
  );
  app.post(
    '/sign-out',
    route(async (req, res) => {
      const scope = req.query.scope as 'device' | undefined;
      await signOut(req, res, scope ? { scope } : {});
      res.json({ session: req.session });
    }),
  );
  app.get('/ended', (req, res) => {
    res.json({ ended: sessionEnded(req) });
  });
  app.post('/echo', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(sessionErrorHandler());
  const quiet: ErrorRequestHandler = (error, _req, res, _next) => {
    res.status(error instanceof InvalidArgumentError ? 400 : 500).send(String(error?.name));
  };
  app.use(quiet);
  return app;
}

/** Serves the app on 127.0.0.1 on a free port and sends real HTTP requests with `fetch`. */
export function expressHarness(expressModule: Express): FrameworkHarness {
  return {
    async start(options): Promise<TestApp> {
      const app = expressApp(expressModule, options);
      const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
        listening.once('error', reject);
      });
      const { port } = server.address() as AddressInfo;
      return {
        request(path, init = {}) {
          const headers = new Headers(init.headers);
          if (init.cookie !== undefined) headers.set('cookie', init.cookie);
          if (init.https) headers.set('x-forwarded-proto', 'https');
          return fetch(`http://127.0.0.1:${port}${path}`, {
            method: init.method ?? 'GET',
            headers,
            redirect: 'manual',
          });
        },
        origin: (https) => `${https ? 'https' : 'http'}://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.closeAllConnections();
            server.close((error) => (error ? reject(error) : resolve()));
          }),
      };
    },
  };
}
