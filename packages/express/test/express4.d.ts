// Express 4, installed under an alias for the suite; its API is the one @types/express describes.
declare module 'express4' {
  import type express from 'express';

  const express4: typeof express;
  export default express4;
}
