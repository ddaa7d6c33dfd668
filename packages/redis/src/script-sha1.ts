import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: '787cd3eeb6ed5fbbf2ed87a0564f04a05da987dc',
    get: '879a64daa22e5ae617aa456462642fb2f2c30607',
    update: '5b3427c1f1cf4a16b83e93eb814b6fa0389ddb44',
    revoke: '15912294fbcb41894c5822ae4ec0a1d5fea7ad39',
    revokeAll: 'c6f983ee1f9ab1b86cd11c0dbc83b5fb2e48b063',
    revokeOthers: '574a8f744c893bf64cc46048d6d8d9066a0a1d52',
    rotate: '9fa888a4af964c8a907023d525bb22b1948c5f91',
    list: 'ce14b18e8363f4c31e3678a995e56e7e8fc53dc1',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: '4360c7e9d2827dd2e626a5046fbf5a006a04980c',
    get: '88f68e423cd5b8c245c09ebdbb77aff6ff758c37',
    update: '71cd609c5f88aab502e26b89439c7d20f6666b7a',
    revoke: 'c7b19e54f08f743a9951f1ddb685ec5c4d30e36d',
    revokeAll: 'a0ade554d8dada0228b6b1fe2a945cc87cf9a6e4',
    revokeOthers: 'd9b5e125b49e077d8fbda1723745d7246cdc4de6',
    rotate: 'd50f91c7cb8351d7e3c1d98415bc7ad0c25819b8',
    list: '7d945de3384815492bdc5aa9ec7792ceac13cbf5',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
