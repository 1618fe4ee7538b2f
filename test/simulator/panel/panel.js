/** The control panel: buttons over the /__sim/ API and a state view refreshed every second. */
const statusLine = document.getElementById('status');
const faultRows = document.getElementById('faults');

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error);
  return data;
}

/** Runs an action, shows its error if any, and refreshes the view either way. */
async function act(action) {
  statusLine.textContent = '';
  try {
    await action();
  } catch (error) {
    statusLine.textContent = error.message;
  }
  await refresh();
}

const ACTIONS = {
  scan: () => call('POST', '/__sim/scan'),
  'link-code': () => call('POST', '/__sim/link-code', {}),
  logout: () => call('POST', '/__sim/faults/logout', {}),
  'clear-all': () => call('DELETE', '/__sim/faults'),
};

for (const button of document.querySelectorAll('[data-action]')) {
  button.addEventListener('click', () => act(ACTIONS[button.dataset.action]));
}
for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', () => act(() => call('POST', '/__sim/lang', { lang: button.dataset.lang })));
}

function faultRow(fault) {
  const row = document.createElement('tr');
  row.dataset.fault = fault.name;
  const inputs = (fault.fields ?? []).map((field) => {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'number', min: '0', name: field.key });
    label.append(`${field.label} `, input, ' ');
    return { label, input };
  });
  const options = () =>
    Object.fromEntries(inputs.filter(({ input }) => input.value !== '').map(({ input }) => [input.name, Number(input.value)]));
  const button = (text, action) => Object.assign(document.createElement('button'), { textContent: text, onclick: () => act(action) });

  const name = document.createElement('td');
  name.innerHTML = '<strong></strong><div class="hint"></div>';
  name.querySelector('strong').textContent = fault.label;
  name.querySelector('.hint').textContent = fault.hint;
  const settings = document.createElement('td');
  settings.append(...inputs.map(({ label }) => label));
  const buttons = document.createElement('td');
  buttons.append(
    button('Inject · 注入', () => call('POST', `/__sim/faults/${fault.name}`, options())),
    button('Clear · 清除', () => call('DELETE', `/__sim/faults/${fault.name}`)),
  );
  row.append(name, settings, buttons);
  return row;
}

function summarise(state) {
  const pages = state.clients.filter((client) => client.connected);
  const pending = state.messages.filter((message) => message.status === 'pending').length;
  const active = Object.keys(state.faults);
  return [
    `Paired · 已关联: ${state.paired ? 'yes · 是' : 'no · 否'}`,
    `Pages · 页面: ${pages.length}`,
    `Pending messages · 待发送: ${pending}`,
    `Address book · 通讯录: ${state.addressBook.contacts} (rev ${state.addressBook.revision})`,
    `Faults · 故障: ${active.length ? active.join(', ') : '—'}`,
  ].join('  |  ');
}

async function refresh() {
  try {
    const [state, faults] = await Promise.all([call('GET', '/__sim/state'), call('GET', '/__sim/faults')]);
    if (faultRows.children.length === 0) faultRows.append(...faults.map(faultRow));
    for (const fault of faults) faultRows.querySelector(`[data-fault="${fault.name}"]`)?.classList.toggle('active', fault.active);
    document.getElementById('summary').textContent = summarise(state);
    document.getElementById('state').textContent = JSON.stringify(state, null, 2);
  } catch (error) {
    statusLine.textContent = `simulator unreachable: ${error.message}`;
  }
}

refresh();
setInterval(refresh, 1000);
