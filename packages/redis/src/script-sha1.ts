import type { ScriptName, ScriptVariant } from './scripts.js';

/** SHA1 of every script as sent, by variant (rewritten by `pnpm sync-sha1`; checked by a test). */
export const SCRIPT_SHA1: Readonly<Record<ScriptVariant, Readonly<Record<ScriptName, string>>>> = {
  redis: {
    create: 'cd7fef8a3dbf60c11522f4af1330c38c72e664b5',
    get: '3a3e749a4f3628953b803d3df1dbf52b9bc10f2e',
    update: '0d39522f670c00f8a2bdcde92455313298e72a2f',
    revoke: 'd2b7a9c32d0914f245de223e9ee82bbca99f3af8',
    revokeAll: '6851ffe30585d29909622e422791fb5c1b8799a7',
    revokeOthers: '36f3e2740ea882e1d6d6c6c0936b70a2a015d0a2',
    rotate: 'f168c7550c4bcb9d67b0f996a67ead97244a5c7c',
    list: '52cf826c38ade3e9c7c203b3f9ec8d820e7a8166',
    revokeToken: 'caac2ce066d12bf166c495e6c1b20ae4d45c877c',
    isTokenRevoked: '1ef7ec96b481fbfff6ba69ada346abf71f78c409',
  },
  upstash: {
    create: '124591bfa5a65915f363604ac9e0e25575b0afe0',
    get: 'f3cf5b3c8789edeb63021af7e7a1deb401aae153',
    update: '98fd66978772c652fc94557bb59b428619595d0b',
    revoke: '73919b2cf6fb92be3942abdbdc1a4f2d81ec2b34',
    revokeAll: 'a4fb914b3fa0be0fcf25ec438b9914ad319d3613',
    revokeOthers: 'd2a212f85a6f8486d47d18b25a3789e86f314001',
    rotate: '396d301734a994fc98358d8f76c3ec2c6d99ee5f',
    list: 'a060061a41cb03fbb78bd163044fd127fe50e89f',
    revokeToken: '35b57c417f56d45921a6c350f98338f1c439c142',
    isTokenRevoked: '51b36bc1992a0292c10aecb1f6ac46f602ae847b',
  },
};
