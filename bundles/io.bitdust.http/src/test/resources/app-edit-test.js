'use strict';
// Runs the web page's app.js in node with a minimal DOM and a fake API, and checks the option editor:
// after a successful edit, a refused edit resets the input to the value just set, not to the one first loaded.
const fs = require('fs');
const vm = require('vm');

function element(id) {
  return {
    id, hidden: false, value: '', textContent: '', className: '', children: [], listeners: {},
    attributes: {},
    setAttribute(name, value) { this.attributes[name] = value; },
    appendChild(child) { this.children.push(child); return child; },
    replaceChildren() { this.children = []; },
    addEventListener(type, listener) { this.listeners[type] = listener; },
  };
}

const elements = {};
const answers = [];
const context = {
  console,
  Node: function Node() {},
  document: {
    getElementById: (id) => (elements[id] = elements[id] || element(id)),
    createElement: (tag) => element(tag),
  },
  window: { location: { hash: '', pathname: '/' } },
  history: { replaceState() {} },
  sessionStorage: { getItem: () => null, setItem() {}, removeItem() {} },
  fetch: async () => ({ status: 200, json: async () => answers.shift() }),
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[2], 'utf8'), context);

async function enter(input, value) {
  input.value = value;
  await input.listeners.keydown({ key: 'Enter' });
}

(async () => {
  const input = vm.runInContext('optionInput', context)({ key: 'logs/debug-level', value: '0' });
  answers.push({ status: 'OK', result: [{ key: 'logs/debug-level', old_value: '0', value: '5' }] });
  await enter(input, '5');
  if (input.value !== '5') throw new Error('after a successful edit the input shows ' + input.value);
  answers.push({ status: 'ERROR', errors: ['logs/debug-level takes a positive integer'] });
  await enter(input, 'loud');
  if (input.value !== '5') throw new Error('a refused edit reset the input to ' + input.value + ', not to 5');
  console.log('ok');
})().catch((e) => { console.error(e.message); process.exit(1); });
