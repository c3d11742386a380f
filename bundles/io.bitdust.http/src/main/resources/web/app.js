'use strict';
// The web page of a BitDust node, its core: the API call, the helpers every view uses, the tabs and the start-up.
// The page talks to the node only through the HTTP API, with the API secret that `show()` passes in the address
// (#secret=...) or that the user pastes; the secret stays in this tab's storage. Each view is its own script
// (view-files.js, view-activity.js, ...) that adds itself to VIEWS; this one starts the page once all are loaded.

const $ = (id) => document.getElementById(id);

/** The views by name (the address's #name): each {title, show(section), refresh(section), pollSeconds}. */
const VIEWS = {};

/** An ERROR answer of the API (or no answer at all), with a message a person can read. */
class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }

  /** The area answering the function is not running (HTTP 503): the view says so and the rest keeps working. */
  get unavailable() {
    return this.status === 503;
  }
}

function takeSecretFromAddress() {
  const match = window.location.hash.match(/secret=([0-9a-fA-F]+)/);
  if (match) {
    sessionStorage.setItem('bitdust-secret', match[1]);
    history.replaceState(null, '', window.location.pathname);
  }
}

/**
 * Calls an API function and answers its result; throws an ApiError with the node's message when the answer is an
 * ERROR, and with a sentence when the node does not answer or answers something that is not the API's envelope.
 */
async function call(name, params) {
  let response;
  try {
    response = await fetch('/api/v1/' + name, {
      method: 'POST',
      headers: { 'X-Api-Secret': sessionStorage.getItem('bitdust-secret') || '', 'Content-Type': 'application/json' },
      body: JSON.stringify(params || {}),
    });
  } catch (e) {
    setState('node unreachable', 'error');
    throw new ApiError('the node does not answer (is it running?)', 0);
  }
  let envelope;
  try {
    envelope = await response.json();
  } catch (e) {
    throw new ApiError('the node answered HTTP ' + response.status + ' without an API answer', response.status);
  }
  if (response.status === 401) {
    sessionStorage.removeItem('bitdust-secret');
    showLogin(Array.isArray(envelope.errors) ? envelope.errors.join('; ') : 'access denied');
  }
  if (envelope.status !== 'OK') {
    const errors = Array.isArray(envelope.errors) && envelope.errors.length ? envelope.errors.join('; ')
      : 'the node answered ' + name + ' with an error and no message';
    throw new ApiError(errors, response.status);
  }
  return envelope.result;
}

/** Calls the file manager (the seed's web page gateway) with one of its modes. */
function fileManager(mode, params) {
  return call('filemanager', { params: Object.assign({ mode }, params || {}) });
}

/**
 * Makes an element: el('button', {class: 'small', onclick: fn, title: 'x'}, 'text', child, ...). Text is always set
 * as text, never parsed as HTML: names of files and messages come from users and peers.
 */
function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : value);
  });
  children.flat().forEach((child) => {
    if (child === undefined || child === null || child === false) return;
    element.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  });
  return element;
}

/** A table with a header row and one row per item, or a line saying there is nothing. */
function table(headers, items, cells, empty) {
  if (!items.length) return el('p', { class: 'hint' }, empty);
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, items.map((item) => el('tr', {}, cells(item).map((c) => el('td', {}, c))))));
}

/** Shows what happened in a view's message line: kind 'ok', 'error' or '' (information). */
function say(box, text, kind) {
  box.textContent = text;
  box.className = 'message ' + (kind || '');
}

/** The words for an error: an area that is not running says so plainly. */
function describeError(error) {
  if (error instanceof ApiError && error.unavailable) return 'not available now: ' + error.message;
  return error instanceof ApiError ? error.message : 'the page failed: ' + error.message;
}

/**
 * Runs an action of a button: disables it meanwhile, shows its outcome in the box. An error never escapes: the
 * page keeps working.
 */
async function act(button, box, action) {
  if (button) button.disabled = true;
  try {
    const done = await action();
    if (typeof done === 'string') say(box, done, 'ok');
  } catch (e) {
    say(box, describeError(e), 'error');
  } finally {
    if (button) button.disabled = false;
  }
}

/**
 * Fills a part of a view from the API: the part shows what load() builds, or the error in its place (e.g. "not
 * available now: suppliers is not running") while the rest of the view works.
 */
async function fill(part, load) {
  try {
    const content = await load();
    part.replaceChildren(content);
  } catch (e) {
    part.replaceChildren(el('p', { class: 'message error unavailable' }, describeError(e)));
  }
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 5452595 -> "5.2 MB" (units of 1024, as the node writes them). */
function formatBytes(bytes) {
  let value = Number(bytes) || 0;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '')) + ' ' + UNITS[unit];
}

/** A duration in seconds as "1h 2m", "3m 4s" or "5s"; a negative one (unknown) as "?". */
function formatSeconds(seconds) {
  if (seconds === undefined || seconds === null || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  if (s >= 60) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  return s + 's';
}

/** An ISO-8601 instant as the browser's local date and time; anything else as it is. */
function formatDate(text) {
  if (!text) return '';
  const date = new Date(text);
  return isNaN(date.getTime()) ? String(text) : date.toLocaleString();
}

/** The nickname of an IDURL: http://host:port/alice.json -> alice. */
function nameOf(idurl) {
  const match = String(idurl || '').match(/\/([^/]+?)(\.xml|\.json)?$/);
  return match ? match[1] : String(idurl || '');
}

function setState(text, kind) {
  $('state').textContent = text;
  $('state').className = 'badge ' + kind;
}

function showLogin(reason) {
  $('login').hidden = false;
  $('app').hidden = true;
  if (reason) say($('login-message'), reason, 'error');
  setState('not connected', 'error');
}

/** The badge and warnings of the header, from process_health. */
async function refreshHealth() {
  const health = await call('process_health');
  setState(health.status, 'ok');
  const warnings = Array.isArray(health.warnings) ? health.warnings : [];
  $('warnings').replaceChildren(...warnings.map((w) => el('li', {}, w)));
  $('warnings').hidden = warnings.length === 0;
  return health;
}

let current = null; // the name of the view shown
let timer = null; // the next refresh of the view shown
let healthTimer = null; // the header's refresh

/** Shows the view named in the address (#files, #activity, ...), the files view by default. */
async function route() {
  const name = window.location.hash.replace(/^#/, '');
  const view = VIEWS[name] ? name : 'files';
  if (timer) clearTimeout(timer);
  timer = null;
  current = view;
  Object.keys(VIEWS).forEach((other) => {
    $('view-' + other).hidden = other !== view;
    const tab = $('tab-' + other);
    if (tab) tab.className = other === view ? 'active' : '';
  });
  const section = $('view-' + view);
  try {
    await VIEWS[view].show(section);
  } catch (e) {
    say(section.querySelector('.message'), describeError(e), 'error');
  }
  poll(view);
}

/** Refreshes the view shown every pollSeconds while it is shown; one refresh at a time. */
function poll(view) {
  const seconds = VIEWS[view].pollSeconds;
  if (!seconds) return;
  timer = setTimeout(async () => {
    if (current !== view) return;
    const section = $('view-' + view);
    try {
      await VIEWS[view].refresh(section);
    } catch (e) {
      say(section.querySelector('.message'), describeError(e), 'error');
    }
    if (current === view) poll(view);
  }, seconds * 1000);
}

async function start() {
  takeSecretFromAddress();
  if (!sessionStorage.getItem('bitdust-secret')) {
    showLogin();
    return;
  }
  try {
    await refreshHealth();
  } catch (e) {
    if (!$('login').hidden) return;
    setState('node unreachable', 'error');
    say($('notice'), describeError(e), 'error');
    return;
  }
  $('login').hidden = true;
  $('app').hidden = false;
  say($('notice'), '', '');
  await route();
  if (!healthTimer) {
    healthTimer = setInterval(() => refreshHealth().catch((e) => say($('notice'), describeError(e), 'error')), 10000);
  }
}

function startPage() {
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('bitdust-secret', $('secret').value.trim());
    start();
  });
  window.addEventListener('hashchange', () => {
    if (/secret=/.test(window.location.hash)) start();
    else if (!$('app').hidden) route();
  });
  start();
}

document.addEventListener('DOMContentLoaded', startPage);
