/** Lua of `revokeToken`: blacklist a token id until its expiry (a later expiry wins). */
export const REVOKE_TOKEN_LUA = `
-- KEYS[1] token key
-- ARGV[1] now, ARGV[2] expiresAt (ms since the epoch, decimal)
-- The value is the expiry itself: reads compare it with the caller's clock, the TTL only
-- cleans up. An integer value also takes the least memory Redis has for a string.
local now = tonumber(ARGV[1])
local at = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]))
if at > now and (not current or current < at) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', at - now)
end
return 1
`;

/** Lua of `isTokenRevoked`: whether a token id is blacklisted at the caller's now. */
export const IS_TOKEN_REVOKED_LUA = `
-- KEYS[1] token key
-- ARGV[1] now
-- Reply: 1 blacklisted, 0 not
local at = tonumber(redis.call('GET', KEYS[1]))
if at and at > tonumber(ARGV[1]) then return 1 end
return 0
`;
