import { currentSession } from '../../../lib/current-session';

/** GET /api/me: who is signed in, by DID and public session id (never the token). */
export async function GET(): Promise<Response> {
  const session = await currentSession();
  return Response.json(session ? { did: session.did, id: session.id } : null, {
    headers: { 'cache-control': 'no-store' },
  });
}
