import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: 'c8d2913cf966bc1b2e6e69e00335ab361377e2f5',
    get: '6047e6f1a2d9642700b375d9277e97e517aa7b0a',
    update: 'd6df042cdff3f986991e7e245ee3c1d89e146fce',
    revoke: '287c1eee5715919e61d8c4d6144b33e997f79c01',
    revokeAll: '4d6d0a4f344b4a6b4175dea9ad8d350d4808cd5a',
    revokeOthers: '063ce9858475ae2981d4eb663ea9d42882a0afdc',
    rotate: 'a7da0f8e900cd249736ba9258fb89fd1547087f7',
    list: '45b7ee2252e4affea368123daabc2d63eb015402',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: '1b74d1b9e490215f41599bca5c2dcd62fdbe1abe',
    get: 'c13aa3b11bc36d59f5c06a8f43353cd8672ef54f',
    update: '9db7ae6c2ad8a3381afdfa58f9998b1f80da8313',
    revoke: 'b9df288d0d90032f32142f5ee89c99af9f66b9c0',
    revokeAll: 'baca317c18358d13591460dca5d8b77c2c6f7016',
    revokeOthers: '576aa588f7b409ae72a4fef27c99f7843e83af91',
    rotate: 'd7ff092aae31d41a0dc514a386b6e7169303af03',
    list: '35aa694f1c9d556efe56d470138dbe144772b9ab',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
