import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: '81e971bb2da42607ecef94ce315f00bd9895dc61',
    get: '32dc6aaa805e5cf7d0ee9367470b918cd91ff0c3',
    update: 'e086d0ce36b36e86e8d58ca614455ec11cd88d55',
    revoke: 'd64d485e8f240405873e21249636ba9ce57c1797',
    revokeAll: '3c80d8f7297c2a8a2042d2c414b807ac461eaa77',
    revokeOthers: '14989bfd496c16e40c61b395641060f6d4b07473',
    rotate: '99cb3a947f218c39e47ddc7bce5bde6ced318fe1',
    list: '187a36ba1ffdf548d9f523921f8fd2216fa8ec34',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: '696bd2d9c65413b5880eb52defb105384cea7eb9',
    get: 'e3c573588078aef386ad39ce97d6baa8953b8561',
    update: '4919512f0725d1146782670c216612517ed75a42',
    revoke: '52ea22515357c1bac2c9d6df113ae8475e8bc1d7',
    revokeAll: 'f876e916c786d55e9786864b96729b9cd3a4f75c',
    revokeOthers: '0de941a33b81a11b3728a78fd30586f4f6a9c115',
    rotate: '72182f90250e832b3c3c8961e57d6032162d8de0',
    list: '97aa88376277e76679fad6fa7399e414547034d8',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
