import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: 'c5c9668dbf404c476bb90694b46134e3726d90a6',
    get: '3a3e749a4f3628953b803d3df1dbf52b9bc10f2e',
    update: '0d39522f670c00f8a2bdcde92455313298e72a2f',
    revoke: 'fcff0ce281d5fb71d6d016051cd44d691993216f',
    revokeAll: '1b10f9f74886df9aebd3549b0934d464a12e4d24',
    revokeOthers: '2f2bb45be8d52342fd82d7575e2ecc53b7e6f25f',
    rotate: 'f0b2f84082a0ac39dd3ef910956afcb1b3b62dc7',
    list: 'e2c02c2311f278417fb8a311488c61caf583219b',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: 'ff7525792f7250f7a2f23ffc84629da417a51123',
    get: 'f3cf5b3c8789edeb63021af7e7a1deb401aae153',
    update: '98fd66978772c652fc94557bb59b428619595d0b',
    revoke: 'c7a666584d75d2ceb8eaa4566f5fd39310bfc19e',
    revokeAll: 'd4b4fbae677d5dae2e7aba4baa9cfa7cf5112f45',
    revokeOthers: '0b35c8dbd3479f7eec9d5045f6417aa8dd7c1c33',
    rotate: 'e5e95ba808faa201ab9d9d623f8d074d55a9a890',
    list: '5c9e6c1f11ced2b9127766b36149e037986f70cf',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
