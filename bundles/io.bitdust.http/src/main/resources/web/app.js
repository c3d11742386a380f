'use strict';
// The web page of a BitDust node: it talks to the node only through the HTTP API, with the API secret that
// `show()` passes in the address (#secret=...) or that the user pastes; the secret stays in this tab's storage.

const $ = (id) => document.getElementById(id);

function takeSecretFromAddress() {
  const match = window.location.hash.match(/secret=([0-9a-fA-F]+)/);
  if (match) {
    sessionStorage.setItem('bitdust-secret', match[1]);
    history.replaceState(null, '', window.location.pathname);
  }
}

async function api(name, params) {
  const response = await fetch('/api/v1/' + name, {
    method: 'POST',
    headers: { 'X-Api-Secret': sessionStorage.getItem('bitdust-secret') || '', 'Content-Type': 'application/json' },
    body: JSON.stringify(params || {}),
  });
  const envelope = await response.json();
  if (response.status === 401) {
    sessionStorage.removeItem('bitdust-secret');
    showLogin();
  }
  return envelope;
}

function setState(text, kind) {
  $('state').textContent = text;
  $('state').className = 'badge ' + kind;
}

function showLogin() {
  $('login').hidden = false;
  $('node').hidden = true;
  $('options').hidden = true;
  setState('not connected', 'error');
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach((cell) => {
    const td = document.createElement('td');
    if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
    tr.appendChild(td);
  });
  return tr;
}

async function loadHealth() {
  const envelope = await api('process_health');
  if (envelope.status !== 'OK') return false;
  const health = envelope.result;
  const table = $('health');
  table.replaceChildren();
  ['status', 'version', 'started', 'uptime_seconds', 'data_folder'].forEach((k) => table.appendChild(row([k, String(health[k])])));
  Object.entries(health.areas).forEach(([area, state]) => table.appendChild(row(['area ' + area, state])));
  setState(health.status, 'ok');
  return true;
}

function optionInput(option) {
  const input = document.createElement('input');
  input.value = option.value;
  input.setAttribute('aria-label', option.key);
  input.addEventListener('keydown', async (event) => {
    if (event.key !== 'Enter') return;
    const envelope = await api('config_set', { key: option.key, value: input.value });
    const message = $('message');
    if (envelope.status === 'OK') {
      const changed = envelope.result[0];
      // What the node holds now: a later refused edit goes back to this value, not to the one first loaded.
      option.value = changed.value;
      input.value = changed.value;
      message.textContent = changed.key + ': ' + changed.old_value + ' → ' + changed.value;
      message.className = 'ok';
    } else {
      input.value = option.value;
      message.textContent = envelope.errors.join('; ');
      message.className = 'error';
    }
  });
  return input;
}

async function loadOptions() {
  const envelope = await api('config_list', { sort: true });
  if (envelope.status !== 'OK') return;
  const rows = $('option-rows');
  rows.replaceChildren();
  envelope.result.forEach((option) => rows.appendChild(row([option.key, option.type, optionInput(option)])));
}

async function start() {
  takeSecretFromAddress();
  if (!sessionStorage.getItem('bitdust-secret')) {
    showLogin();
    return;
  }
  try {
    if (!(await loadHealth())) return;
  } catch (e) {
    setState('node unreachable', 'error');
    return;
  }
  $('login').hidden = true;
  $('node').hidden = false;
  $('options').hidden = false;
  await loadOptions();
}

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem('bitdust-secret', $('secret').value.trim());
  start();
});

start();
