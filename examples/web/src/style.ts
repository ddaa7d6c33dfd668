/** The whole stylesheet, served at `/style.css` (a separate file keeps the CSP free of inline styles). */
export const STYLESHEET = `
:root {
  color-scheme: light;
  --ink: #1d2430; --muted: #5d6776; --line: #dfe3ea; --bg: #f5f6f8; --card: #fff;
  --accent: #2f5bd3; --accent-ink: #fff; --danger: #b42318; --ok-bg: #ecfdf3; --ok: #067647;
  --warn-bg: #fef3f2;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.top {
  background: var(--card); border-bottom: 1px solid var(--line);
}
header.top .bar {
  max-width: 760px; margin: 0 auto; padding: 12px 20px;
  display: flex; align-items: center; gap: 16px;
}
.brand { font-weight: 700; letter-spacing: -0.01em; color: var(--ink); text-decoration: none; }
.brand span { color: var(--muted); font-weight: 400; }
nav { display: flex; gap: 14px; margin-left: 8px; }
nav a { color: var(--muted); text-decoration: none; }
nav a[aria-current="page"] { color: var(--ink); font-weight: 600; }
.who { margin-left: auto; display: flex; align-items: center; gap: 12px; font-size: 14px; }
main { max-width: 760px; margin: 0 auto; padding: 28px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; letter-spacing: -0.02em; }
h2 { font-size: 18px; margin: 28px 0 10px; }
p.lead { color: var(--muted); margin: 0 0 22px; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 22px;
}
.narrow { max-width: 420px; margin: 0 auto; }
label { display: block; font-weight: 600; font-size: 14px; margin: 14px 0 6px; }
input[type="text"], input[type="password"], textarea {
  width: 100%; padding: 10px 12px; font: inherit; border: 1px solid var(--line);
  border-radius: 8px; background: #fff; color: var(--ink);
}
textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
input:focus, textarea:focus, button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button {
  font: inherit; font-size: 14px; font-weight: 600; cursor: pointer; border-radius: 8px;
  padding: 8px 14px; border: 1px solid var(--line); background: #fff; color: var(--ink);
}
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
button.danger { color: var(--danger); border-color: #f3c2bd; }
button.wide { width: 100%; margin-top: 20px; padding: 11px; }
form.inline { display: inline; margin: 0; }
.notice { border-radius: 8px; padding: 10px 14px; margin: 0 0 18px; font-size: 15px; }
.notice.ok { background: var(--ok-bg); color: var(--ok); }
.notice.error { background: var(--warn-bg); color: var(--danger); }
.demo { margin-top: 18px; font-size: 14px; color: var(--muted); }
.demo table { border-collapse: collapse; width: 100%; margin-top: 6px; }
.demo td { padding: 4px 0; border-top: 1px solid var(--line); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
ul.devices { list-style: none; margin: 0; padding: 0; }
ul.devices li {
  display: flex; gap: 16px; align-items: center; padding: 16px 0; border-top: 1px solid var(--line);
}
ul.devices li:first-child { border-top: 0; padding-top: 0; }
ul.devices li:last-child { padding-bottom: 0; }
.kind {
  flex: none; width: 44px; height: 44px; border-radius: 10px; background: #eef2fb; color: var(--accent);
  display: grid; place-items: center;
}
.device { flex: 1; min-width: 0; }
.device .name { font-weight: 600; }
.device .meta { color: var(--muted); font-size: 14px; }
.badge {
  display: inline-block; margin-left: 8px; padding: 1px 8px; border-radius: 999px; font-size: 12px;
  font-weight: 600; background: var(--ok-bg); color: var(--ok); vertical-align: 1px;
}
.actions { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 18px; }
dl.claims { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 14px 0 0; }
dl.claims dt { color: var(--muted); }
dl.claims dd { margin: 0; overflow-wrap: anywhere; }
footer { max-width: 760px; margin: 0 auto; padding: 0 20px 28px; color: var(--muted); font-size: 13px; }
`;
