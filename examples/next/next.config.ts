import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace packages ship ESM with their own types; Next compiles nothing of theirs.
  poweredByHeader: false,
};

export default config;
