import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Who is signed in, by DID and public session id (never the token). */
export const GET: RequestHandler = ({ locals }) => {
  const session = locals.session;
  return json(session ? { did: session.did, id: session.id } : null, {
    headers: { 'cache-control': 'no-store' },
  });
};
