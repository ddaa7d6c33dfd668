import { InvalidArgumentError } from './errors.js';
import type { SessionManagerConfig } from './types.js';

/** A config with every default filled in; durations in seconds. */
export interface ResolvedConfig {
  readonly sessionExpirationSeconds: number;
  readonly maxSessionsPerUser: number;
  readonly touchIntervalSeconds: number;
  /** `0` when no absolute cap is configured. */
  readonly absoluteExpirationSeconds: number;
  readonly revokedRetentionSeconds: number;
}

/** Defaults of {@link SessionManagerConfig}. */
export const DEFAULT_CONFIG = Object.freeze({
  sessionExpirationSeconds: 2_592_000,
  maxSessionsPerUser: 10,
  revokedRetentionSeconds: 86_400,
});

// Beyond a century a duration is a typo; the cap also keeps `seconds * 1000` exact.
const MAX_SECONDS = 100 * 365 * 86_400;
const MAX_SESSIONS = 100_000;

function positiveInteger(field: string, value: unknown, max: number, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError(`config.${field}`, 'must be an integer');
  }
  if (value < (allowZero ? 0 : 1) || value > max) {
    throw new InvalidArgumentError(
      `config.${field}`,
      `must be from ${allowZero ? 0 : 1} to ${max}`,
    );
  }
  return value;
}

/** Validates a config and fills in its defaults; throws `InvalidArgumentError` naming the field. */
export function resolveConfig(config: SessionManagerConfig = {}): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidArgumentError('config', 'must be an object');
  }
  const sessionExpirationSeconds = positiveInteger(
    'sessionExpirationSeconds',
    config.sessionExpirationSeconds === undefined
      ? DEFAULT_CONFIG.sessionExpirationSeconds
      : config.sessionExpirationSeconds,
    MAX_SECONDS,
  );
  const maxSessionsPerUser = positiveInteger(
    'maxSessionsPerUser',
    config.maxSessionsPerUser === undefined
      ? DEFAULT_CONFIG.maxSessionsPerUser
      : config.maxSessionsPerUser,
    MAX_SESSIONS,
  );
  let touchIntervalSeconds = Math.min(60, Math.floor(sessionExpirationSeconds / 2));
  if (config.touchIntervalSeconds !== undefined) {
    touchIntervalSeconds = positiveInteger(
      'touchIntervalSeconds',
      config.touchIntervalSeconds,
      MAX_SECONDS,
      true,
    );
    if (touchIntervalSeconds >= sessionExpirationSeconds) {
      throw new InvalidArgumentError(
        'config.touchIntervalSeconds',
        'must be below sessionExpirationSeconds',
      );
    }
  }
  const absoluteExpirationSeconds =
    config.absoluteExpirationSeconds === undefined
      ? 0
      : positiveInteger('absoluteExpirationSeconds', config.absoluteExpirationSeconds, MAX_SECONDS);
  const revokedRetentionSeconds = positiveInteger(
    'revokedRetentionSeconds',
    config.revokedRetentionSeconds === undefined
      ? DEFAULT_CONFIG.revokedRetentionSeconds
      : config.revokedRetentionSeconds,
    MAX_SECONDS,
    true,
  );
  return {
    sessionExpirationSeconds,
    maxSessionsPerUser,
    touchIntervalSeconds,
    absoluteExpirationSeconds,
    revokedRetentionSeconds,
  };
}
