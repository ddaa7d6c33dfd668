import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { run } from './exec.js';
import type { Tarball } from './pack.js';
import { scratchDir } from './scratch.js';
import { HERE, installedVersion, publishedPackages } from './workspace.js';

/**
 * The libraries a user installs next to the packages: the Node types, every peer the published
 * packages name (client libraries, vitest for the conformance suite), and the `@types/` package
 * of a peer that has one installed here (such as `@types/express`).
 */
/** What README examples import beyond the packages' peers (the Hono app's Node server). */
const README_LIBRARIES = ['@hono/node-server'];

export function clientLibraries(): string[] {
  const peers = publishedPackages()
    .flatMap((pkg) => Object.keys((pkg.manifest.peerDependencies ?? {}) as Record<string, string>))
    .filter((name) => !name.startsWith('@coatcheck/'));
  const types = peers
    .map((name) => `@types/${name.replace(/^@/, '').replace('/', '__')}`)
    .filter((name) => existsSync(join(HERE, 'node_modules', name, 'package.json')));
  return [...new Set(['@types/node', ...README_LIBRARIES, ...peers, ...types])].sort();
}

/** A fresh application that installed the packed tarballs. */
export interface ConsumerOptions {
  /** The `type` of the application's package.json. */
  readonly type: 'commonjs' | 'module';
  readonly tarballs: readonly Tarball[];
  /** Source files by path relative to the project, all under `src/`. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Writes an application into the empty directory `dir`, installs the tarballs and the client
 * libraries (at the versions this workspace tested, from pnpm's store when it has them) and
 * returns. Every `@coatcheck/*` dependency, direct or not, resolves to its tarball: none of
 * them is on the registry yet.
 */
export async function createConsumer(dir: string, options: ConsumerOptions): Promise<void> {
  const dependencies: Record<string, string> = {};
  for (const tarball of options.tarballs) dependencies[tarball.name] = `file:${tarball.file}`;
  for (const client of clientLibraries()) dependencies[client] = installedVersion(client);
  const manifest = { name: 'consumer', private: true, type: options.type, dependencies };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const overrides = options.tarballs.map(
    (tarball) => `  '${tarball.name}': 'file:${tarball.file}'`,
  );
  // The private test-suite packages pull in workerd, whose install script links its binary.
  const workspace = `overrides:\n${overrides.join('\n')}\nallowBuilds:\n  workerd: true\n  esbuild: true\n`;
  await writeFile(join(dir, 'pnpm-workspace.yaml'), workspace);
  const compilerOptions = {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    outDir: 'dist',
    rootDir: 'src',
    types: ['node'],
    skipLibCheck: false,
  };
  await writeFile(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions, include: ['src'] }, null, 2)}\n`,
  );
  for (const [path, text] of Object.entries(options.files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await run('pnpm', ['install', '--prefer-offline', '--reporter=silent'], { cwd: dir });
}

/** One compiler error: the file (relative to the project) and the message. */
export interface Diagnostic {
  readonly file: string;
  readonly text: string;
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Compiles the project with TypeScript (the version this workspace builds with) and returns
 * its errors; `emit: false` only typechecks.
 */
export async function compile(dir: string, emit = true): Promise<Diagnostic[]> {
  const args = [tsc, '-p', dir, '--pretty', 'false', ...(emit ? [] : ['--noEmit'])];
  try {
    await run(process.execPath, args, { cwd: dir });
    return [];
  } catch (error) {
    const stdout = (error as { output?: { stdout?: string } }).output?.stdout;
    if (stdout === undefined) throw error;
    const diagnostics: Diagnostic[] = [];
    for (const line of stdout.split('\n')) {
      if (line.trim() === '') continue;
      const last = diagnostics.at(-1);
      // A message of several lines continues on indented lines.
      if (/^\s/.test(line) && last)
        diagnostics[diagnostics.length - 1] = { ...last, text: `${last.text}\n${line}` };
      else diagnostics.push({ file: line.split('(')[0] ?? line, text: line });
    }
    if (diagnostics.length === 0) throw error;
    return diagnostics;
  }
}

/**
 * A module that makes and lists a session and checks that an error thrown by one package is an
 * instance of the class another exports: the same source compiles as CommonJS and as ESM.
 */
export const SMOKE_SOURCE = `import { InvalidArgumentError, parseDid, SessionManager } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';

/** A session made and listed, and an error class that matches across packages. */
export async function smoke(): Promise<{ listed: number; refused: boolean }> {
  const sessions = new SessionManager({ storage: new MemoryStorage() });
  const session = await sessions.createSession(parseDid('did:plc:abc123'), {
    ipAddress: '127.0.0.1',
    userAgent: 'consumer',
  });
  const listed = (await sessions.listSessions(session.did)).length;
  let refused = false;
  try {
    parseDid('not a did');
  } catch (error) {
    refused = error instanceof InvalidArgumentError;
  }
  return { listed, refused };
}
`;

/** A consumer app after install, compile and one run of `dist/main.js`. */
export interface BuiltConsumer {
  readonly dir: string;
  readonly diagnostics: readonly Diagnostic[];
  /** What `dist/main.js` printed as JSON, or `undefined` when it failed. */
  readonly output: unknown;
  /** Why `dist/main.js` failed, if it did. */
  readonly failure: unknown;
  remove(): Promise<void>;
}

/**
 * Creates a consumer in a fresh scratch directory, compiles it and runs `dist/main.js`. A
 * failure to compile or to run is recorded, not thrown: the tests report it.
 */
export async function buildConsumer(
  label: string,
  options: ConsumerOptions,
): Promise<BuiltConsumer> {
  const scratch = await scratchDir(label);
  await createConsumer(scratch.dir, options);
  const diagnostics = await compile(scratch.dir);
  let output: unknown;
  let failure: unknown;
  try {
    const { stdout } = await run(process.execPath, ['dist/main.js'], { cwd: scratch.dir });
    output = JSON.parse(stdout);
  } catch (error) {
    failure = error;
  }
  return { dir: scratch.dir, diagnostics, output, failure, remove: scratch.remove };
}
