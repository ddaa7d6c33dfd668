import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: 'a7f7b7aa634f9b5ae854b0059c91a04fd02ed2e9',
    get: '20c402bf6975434b0589adade1fd0793b6c7bc2a',
    update: 'e086d0ce36b36e86e8d58ca614455ec11cd88d55',
    revoke: 'd64d485e8f240405873e21249636ba9ce57c1797',
    revokeAll: '9df31a374d19c51fa672b820c22869c4427d8f01',
    revokeOthers: '0e4dd0a43452e41245a5f72a5876b556f4599bdd',
    rotate: '99cb3a947f218c39e47ddc7bce5bde6ced318fe1',
    list: '45b7ee2252e4affea368123daabc2d63eb015402',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: 'd504536e26a96fab6bda1de8a368a12e8df616ce',
    get: '3041ba070503c61df90edc379f4cf9f3b5035226',
    update: '4919512f0725d1146782670c216612517ed75a42',
    revoke: '52ea22515357c1bac2c9d6df113ae8475e8bc1d7',
    revokeAll: '38867ddd7e0117908e581af57c13b0237f124711',
    revokeOthers: '7208c1c6d5eb8df9be30c85a16ef8127564d1eed',
    rotate: '72182f90250e832b3c3c8961e57d6032162d8de0',
    list: '35aa694f1c9d556efe56d470138dbe144772b9ab',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
