/** Lua of `isTokenRevoked`: whether a token id is blacklisted at the caller's now. */
export const IS_TOKEN_REVOKED_LUA = `
-- KEYS[1] token key
-- ARGV[1] now
-- Reply: 1 blacklisted, 0 not
local at = tonumber(redis.pcall('GET', KEYS[1]))
if at and at > tonumber(ARGV[1]) then return 1 end
return 0
`;
