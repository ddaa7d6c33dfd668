export default function Login() {
  return (
    <main>
      <h1>Sign in</h1>
      <form method="post" action="/api/sign-in">
        <label>
          User <input name="user" defaultValue="alice" />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
