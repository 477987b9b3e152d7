// The local sign-in: one button per dev user (GET /sign-in.json); the server sets the session cookie.
const list = document.querySelector('#dev-users');
const status = document.querySelector('#sign-in-error');
const signIn = async (user) => {
  const response = await fetch('/api/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  if (!response.ok) {
    status.textContent = (await response.json()).message ?? response.statusText;
    return;
  }
  location.assign('/');
};
const { users } = await (await fetch('/sign-in.json')).json();
for (const { name, role } of users) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `Sign in as ${name}`;
  button.addEventListener('click', () => signIn(name));
  const item = document.createElement('li');
  item.append(button, ` (${role})`);
  list.append(item);
}
