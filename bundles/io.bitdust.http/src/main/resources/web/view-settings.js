'use strict';
// The Settings view: the storage figures (filemanager stats), the node's health, every option with its type,
// range and description and an editor checked against the option's type, and the identity backup.

/** Whole numbers only: the types the page can check itself before the node does. */
const WHOLE_NUMBER_TYPES = ['integer', 'positive integer', 'port'];

/**
 * What is wrong with a value for an option's type, as far as the page can tell (the node checks everything else,
 * ranges and rules too); null when nothing is.
 */
function typeProblem(option, value) {
  const text = value.trim();
  if (WHOLE_NUMBER_TYPES.includes(option.type) && !/^-?[0-9]+$/.test(text)) {
    return option.key + ' takes a ' + option.type + ': \'' + text + '\' is not a whole number';
  }
  if (option.type === 'boolean' && !['true', 'false'].includes(text)) {
    return option.key + ' takes true or false, not \'' + text + '\'';
  }
  return null;
}

/** The values a choice offers, from its range ("one of 2, 4, 7"); null for other types. */
function choices(option) {
  if (option.type === 'boolean') return ['true', 'false'];
  if (option.type === 'choice' && /^one of /.test(option.range || '')) return option.range.substring(7).split(', ');
  return null;
}

/**
 * The editor of one option: a field (a list for a boolean or a choice) saved with Enter or its button. A value of
 * the wrong type is refused with a message and the field goes back to what the node holds; after a successful save
 * that is the value just saved.
 */
function optionInput(option, box) {
  const allowed = choices(option);
  const input = allowed ? el('select', { 'aria-label': option.key }, allowed.map((v) => el('option', { value: v }, v)))
    : el('input', { 'aria-label': option.key });
  input.value = option.value;
  const message = box || $('settings-message');
  async function save() {
    const problem = typeProblem(option, input.value);
    if (problem) {
      input.value = option.value;
      say(message, problem, 'error');
      return;
    }
    try {
      const changed = (await call('config_set', { key: option.key, value: input.value }))[0];
      // What the node holds now: a later refused edit goes back to this value, not to the one first loaded.
      option.value = changed.value;
      input.value = changed.value;
      say(message, changed.key + ': ' + changed.old_value + ' → ' + changed.value, 'ok');
    } catch (e) {
      input.value = option.value;
      say(message, describeError(e), 'error');
    }
  }
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') return save();
    return undefined;
  });
  input.save = save;
  return input;
}

VIEWS.settings = (() => {
  let parts = null;

  async function stats() {
    const s = await fileManager('stats');
    const figure = (label, value) => el('div', { class: 'figure' }, el('div', { class: 'value' }, value),
      el('div', { class: 'hint' }, label));
    return el('div', { class: 'figures' },
      figure('donated', s.value_donated), figure('needed', s.value_needed), figure('used', s.value_used_total),
      figure('suppliers online', s.online_suppliers + ' of ' + s.max_suppliers),
      figure('customers', String(s.customers)), figure('items backed up', String(s.items_count)));
  }

  async function health() {
    const h = await call('process_health');
    const rows = [['status', h.status], ['version', h.version], ['started', formatDate(h.started)],
      ['data folder', h.data_folder]].concat(Object.entries(h.areas || {}).map(([area, state]) => ['area ' + area,
      state]));
    return el('table', { id: 'health' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('td', {}, k),
      el('td', {}, String(v))))));
  }

  async function options() {
    const list = await call('config_list', { sort: true });
    return el('table', { class: 'options' },
      el('thead', {}, el('tr', {}, ['option', 'type', 'value', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, list.map((option) => {
        const input = optionInput(option, parts.message);
        return el('tr', { 'data-key': option.key },
          el('td', {}, el('div', {}, option.key), el('div', { class: 'hint' }, option.description || ''),
            (option.rules || []).map((rule) => el('div', { class: 'hint' }, rule))),
          el('td', {}, option.type, el('div', { class: 'hint' }, option.range || '')),
          el('td', {}, input),
          el('td', {}, el('button', { type: 'button', class: 'save', onclick: () => input.save() }, 'Save')));
      })));
  }

  function identityForm() {
    const destination = el('input', { id: 'identity-file', size: 50, 'aria-label': 'backup file',
      placeholder: '/home/me/bitdust-identity.json' });
    const passphrase = el('input', { type: 'password', autocomplete: 'new-password', 'aria-label': 'passphrase' });
    const again = el('input', { type: 'password', autocomplete: 'new-password', 'aria-label': 'passphrase again' });
    const generate = el('input', { type: 'checkbox', 'aria-label': 'generate a recovery phrase' });
    const result = el('div', {});
    const form = el('form', { class: 'identity' },
      el('label', {}, 'File ', destination), el('label', {}, 'Passphrase (12 characters or more) ', passphrase),
      el('label', {}, 'Again ', again), el('label', {}, generate, ' or generate a recovery phrase'),
      el('button', { type: 'submit' }, 'Back up my identity'), result);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(form.querySelector('button'), parts.message, async () => {
        if (!generate.checked && passphrase.value !== again.value) {
          throw new ApiError('the two passphrases differ', 400);
        }
        const answer = await call('identity_backup', generate.checked
          ? { destination_filepath: destination.value.trim(), generate: true }
          : { destination_filepath: destination.value.trim(), passphrase: passphrase.value });
        passphrase.value = '';
        again.value = '';
        result.replaceChildren(el('p', {}, answer.message),
          answer.passphrase ? el('p', { class: 'phrase' }, 'Write down this recovery phrase, it is shown once: ',
            el('code', {}, answer.passphrase)) : null);
        return 'identity saved to ' + answer.file;
      });
    });
    return form;
  }

  function refresh() {
    return Promise.all([fill(parts.stats, stats), fill(parts.health, health), fill(parts.options, options)]);
  }

  function build(section) {
    parts = {
      message: el('div', { id: 'settings-message', class: 'message', role: 'status' }),
      stats: el('div', { id: 'stats' }),
      health: el('div', {}),
      options: el('div', { id: 'options' }),
    };
    section.replaceChildren(el('h2', {}, 'Settings'), parts.stats, parts.message,
      el('h3', {}, 'Options'),
      el('p', { class: 'hint' }, 'Edit a value and press Enter or Save. Values are checked against the option\'s '
        + 'type and range.'), parts.options,
      el('h3', {}, 'Identity backup'),
      el('p', { class: 'hint' }, 'With this file and its passphrase a new machine becomes this node again.'),
      identityForm(),
      el('h3', {}, 'Node'), parts.health);
  }

  return {
    title: 'Settings',
    async show(section) {
      if (!parts) build(section);
      await refresh();
    },
    refresh,
  };
})();
