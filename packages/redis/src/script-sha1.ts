import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: 'b4b0c76c68189b3f3274adae40d32400b99bd3e9',
    get: '879a64daa22e5ae617aa456462642fb2f2c30607',
    update: '5b3427c1f1cf4a16b83e93eb814b6fa0389ddb44',
    revoke: '0226443ab0348a54a29ee308154f261eb1465df0',
    revokeAll: '9efafbf4cfef6d10a0f95ae57db2e7de63e4d313',
    revokeOthers: 'f6d5cbe44fa06349f963ccfa25be0abe35625950',
    rotate: 'aea2a0dc94bd97806bebfba5f52eec9b9686a8d4',
    list: 'bf0c917f4ead9af9d45854cced1b3205d20c29c9',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: '1ba5ed8bf01ac809224297fb9cb02bf12cbda43c',
    get: '88f68e423cd5b8c245c09ebdbb77aff6ff758c37',
    update: '71cd609c5f88aab502e26b89439c7d20f6666b7a',
    revoke: '91e8a0b1bea88ce1f8639f902eb0679787a5201f',
    revokeAll: '1f50a86190414197e354517bfb2835b0f989b013',
    revokeOthers: '97e75a466bf7a70900b37db4ef7c520037828bd0',
    rotate: 'b5ecd25f5eef2894d7c2ec0f41800a64fce58e9c',
    list: 'd6a8580d845b6900061d6a01a64fec5ac6b45390',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
