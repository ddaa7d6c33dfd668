import { redirect } from 'next/navigation';
import { currentSession } from '../../lib/current-session';
import { sessions } from '../../lib/sessions';

export const dynamic = 'force-dynamic';

/** "Your devices": the user's sessions by public id, and the sign-out buttons. */
export default async function Devices() {
  const session = await currentSession();
  if (!session) redirect('/login');
  const devices = await sessions.listSessions(session.did);
  return (
    <main>
      <h1>Your devices</h1>
      <ul>
        {devices.map((device) => (
          <li key={device.id} data-id={device.id}>
            {device.userAgent || 'Unknown device'}
            {device.id === session.id ? ' (this device)' : ''}
          </li>
        ))}
      </ul>
      <form method="post" action="/api/sign-out">
        <button type="submit" name="scope" value="everywhere">
          Sign out everywhere
        </button>
      </form>
    </main>
  );
}
