'use strict';
// Runs the web page's scripts in node with a minimal DOM and a fake API (each check queues the node's answers), and
// checks what the page does with them: the option editor, errors in words, an area that is not running.
const fs = require('fs');
const path = require('path');
const vm = require('vm');

function element(tag) {
  return {
    tag, hidden: false, value: '', textContent: '', className: '', children: [], listeners: {}, attributes: {},
    setAttribute(name, value) { this.attributes[name] = value; },
    appendChild(child) { this.children.push(child); return child; },
    replaceChildren(...children) { this.children = children; },
    addEventListener(type, listener) { this.listeners[type] = listener; },
    querySelector() { return null; },
  };
}

/** The text a person sees in a node: its own text and its children's. */
function textOf(node) {
  return (node.textContent || '') + (node.children || []).map(textOf).join('');
}

const elements = {};
const answers = [];
const calls = [];
const context = {
  console,
  document: {
    getElementById: (id) => (elements[id] = elements[id] || element(id)),
    createElement: (tag) => element(tag),
    createTextNode: (text) => ({ textContent: text, children: [] }),
    addEventListener() {},
  },
  window: { location: { hash: '', pathname: '/' }, addEventListener() {} },
  history: { replaceState() {} },
  sessionStorage: { getItem: () => 'secret', setItem() {}, removeItem() {} },
  fetch: async (url, request) => {
    calls.push([url, JSON.parse(request.body)]);
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    if (answer.notJson) return { status: answer.httpStatus, json: async () => { throw new SyntaxError('not JSON'); } };
    return { status: answer.httpStatus || 200, json: async () => answer.envelope };
  },
};
vm.createContext(context);
const folder = process.argv[2];
['app.js', 'view-files.js', 'view-activity.js', 'view-network.js', 'view-messages.js', 'view-settings.js']
  .forEach((file) => vm.runInContext(fs.readFileSync(path.join(folder, file), 'utf8'), context, { filename: file }));
const page = (name) => vm.runInContext(name, context);

function check(condition, what) {
  if (!condition) throw new Error(what);
}

async function enter(input, value) {
  input.value = value;
  await input.listeners.keydown({ key: 'Enter' });
}

async function aRefusedEditAfterASuccessfulOneResetsToTheValueJustSet() {
  const box = element('div');
  const input = page('optionInput')({ key: 'services/backups/block-size', type: 'disk space', value: '16 MB' }, box);
  answers.push({ envelope: { status: 'OK', result: [{ key: 'services/backups/block-size', old_value: '16 MB',
    value: '8 MB' }] } });
  await enter(input, '8mb');
  check(input.value === '8 MB', 'after a successful edit the input shows ' + input.value);
  check(box.className.includes('ok'), 'a saved value is said as such: ' + box.className);
  answers.push({ httpStatus: 400, envelope: { status: 'ERROR', errors: ['\'lots\' is not a disk space'] } });
  await enter(input, 'lots');
  check(input.value === '8 MB', 'a refused edit reset the input to ' + input.value + ', not to 8 MB');
  check(box.textContent === '\'lots\' is not a disk space', 'the error shown is ' + box.textContent);
  check(box.className.includes('error'), 'an error is shown as one: ' + box.className);
}

async function aWholeNumberOptionRefusesTextWithoutAskingTheNode() {
  const box = element('div');
  const input = page('optionInput')({ key: 'logs/debug-level', type: 'positive integer', value: '0' }, box);
  const before = calls.length;
  await enter(input, 'loud');
  check(calls.length === before, 'the node was asked to set a word as a positive integer');
  check(input.value === '0', 'the refused word stays in the field: ' + input.value);
  check(/takes a positive integer: 'loud' is not a whole number/.test(box.textContent), box.textContent);
}

async function anAreaThatIsNotRunningIsSaidWhereItsPartIsAndNothingBreaks() {
  const part = element('div');
  answers.push({ httpStatus: 503, envelope: { status: 'ERROR', errors: ['suppliers is not running'] } });
  await page('fill')(part, () => page('call')('suppliers_list'));
  check(textOf(part) === 'not available now: suppliers is not running', 'the part shows ' + textOf(part));
}

async function aNodeThatDoesNotAnswerIsSaidInWords() {
  answers.push(new TypeError('Failed to fetch'));
  const box = element('div');
  await page('act')(null, box, () => page('call')('process_health'));
  check(box.textContent === 'the node does not answer (is it running?)', box.textContent);
  answers.push({ httpStatus: 502, notJson: true });
  await page('act')(null, box, () => page('call')('process_health'));
  check(box.textContent === 'the node answered HTTP 502 without an API answer', box.textContent);
}

async function sizesAndDurationsReadAsTheNodeWritesThem() {
  check(page('formatBytes')(5452595) === '5.2 MB', page('formatBytes')(5452595));
  check(page('formatBytes')(512) === '512 B', page('formatBytes')(512));
  check(page('formatSeconds')(-1) === '?', 'an unknown ETA');
  check(page('formatSeconds')(125) === '2m 5s', page('formatSeconds')(125));
  check(page('nameOf')('http://127.0.0.1:8084/alice.json') === 'alice', 'the nickname of an IDURL');
}

(async () => {
  await aRefusedEditAfterASuccessfulOneResetsToTheValueJustSet();
  await aWholeNumberOptionRefusesTextWithoutAskingTheNode();
  await anAreaThatIsNotRunningIsSaidWhereItsPartIsAndNothingBreaks();
  await aNodeThatDoesNotAnswerIsSaidInWords();
  await sizesAndDurationsReadAsTheNodeWritesThem();
  console.log('ok');
})().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
