'use strict';
// The Files view: the catalog of backed-up items as a tree (filemanager listall), the versions of the item picked
// with restore and delete, and the local folders to pick a new backup from (filemanager listlocal).

VIEWS.files = (() => {
  let selected = null; // the path ID of the item whose details are shown
  let localFolder = ''; // the local folder listed; '' for the user's home
  let parts = null;

  /** A button that asks once more before it acts: the first click turns it into "confirm ...". */
  function confirmingButton(label, action, attributes) {
    const button = el('button', Object.assign({ class: 'danger', type: 'button' }, attributes), label);
    let armed = false;
    button.addEventListener('click', () => {
      if (!armed) {
        armed = true;
        button.textContent = 'confirm ' + label.toLowerCase();
        return;
      }
      armed = false;
      button.textContent = label;
      action(button);
    });
    return button;
  }

  /** The items as a tree: an item's parent is the item whose path ID is its own without the last part. */
  function tree(items) {
    const byId = new Map(items.map((item) => [item.id, Object.assign({ children: [] }, item)]));
    const roots = [];
    byId.forEach((item) => {
      const parent = byId.get(item.id.substring(0, item.id.lastIndexOf('/')));
      (parent ? parent.children : roots).push(item);
    });
    return roots;
  }

  function nameOfPath(path, id) {
    if (!path) return id;
    const names = path.split(/[\\/]/).filter((name) => name);
    return names.length ? names[names.length - 1] : path;
  }

  function treeList(nodes) {
    return el('ul', { class: 'tree' }, nodes.map((item) => {
      const complete = item.versions.filter((v) => v.state === 'complete').length;
      const label = el('button', {
        type: 'button', class: 'tree-item ' + item.type + (item.id === selected ? ' selected' : ''),
        'data-path': item.path, 'data-id': item.id, onclick: () => select(item.id),
      }, nameOfPath(item.path, item.id) + (item.type === 'parent' ? '/' : ''),
      el('span', { class: 'hint' }, item.versions.length ? ' ' + complete + ' version' + (complete === 1 ? '' : 's')
        : ''));
      return el('li', {}, label, item.children.length ? treeList(item.children) : null);
    }));
  }

  function restoreForm(version, item) {
    const parentFolder = item.path ? item.path.replace(/[\\/][^\\/]*$/, '') || '/' : '';
    const destination = el('input', { class: 'restore-destination', value: parentFolder, size: 50,
      'aria-label': 'restore destination' });
    const form = el('form', { class: 'restore-form' },
      'Restore ' + version.backup_id + ' into the folder ', destination, ' ',
      el('button', { type: 'submit' }, 'Restore'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(form.querySelector('button'), parts.message, async () => {
        const answer = await fileManager('download', { backupid: version.backup_id,
          dest_path: destination.value.trim() });
        form.remove();
        return answer + ' (see Activity)';
      });
    });
    return form;
  }

  function details(items) {
    const item = items.find((i) => i.id === selected);
    if (!item) return el('p', { class: 'hint' }, 'Pick an item of the catalog to see its versions.');
    const versions = item.versions.slice().sort((a, b) => String(b.created).localeCompare(String(a.created)));
    const restoreSlot = el('div', {});
    return el('div', {},
      el('h3', {}, nameOfPath(item.path, item.id)),
      el('p', { class: 'hint' }, item.path + ' · path ID ' + item.id),
      el('div', { class: 'buttons' },
        el('button', { type: 'button', onclick: (e) => act(e.target, parts.message, async () => {
          const answer = await call('backup_start_id', { pathID: item.id });
          return answer + ' (see Activity)';
        }) }, 'Back up now'),
        confirmingButton('Delete item', (button) => act(button, parts.message, async () => {
          const answer = await fileManager('delete', { id: item.id });
          selected = null;
          await refresh();
          return answer;
        }))),
      restoreSlot,
      table(['version', 'state', 'size', 'created', ''], versions, (v) => [
        v.version, v.state, v.size !== undefined ? formatBytes(v.bytes !== undefined ? v.bytes : v.size) : '',
        formatDate(v.created),
        el('span', { class: 'buttons' },
          v.state === 'complete' ? el('button', { type: 'button', class: 'restore',
            'data-backup-id': v.backup_id,
            onclick: () => restoreSlot.replaceChildren(restoreForm(v, item)) }, 'Restore…') : null,
          confirmingButton('Delete', (button) => act(button, parts.message, async () => {
            const answer = await fileManager('deleteversion', { backupid: v.backup_id });
            await refresh();
            return answer;
          }), { class: 'danger delete-version', 'data-backup-id': v.backup_id })),
      ], 'No version yet.'));
  }

  /** The catalog's tree; the details of the item picked beside it. */
  async function loadCatalog() {
    const items = await fileManager('listall');
    parts.details.replaceChildren(details(items));
    return items.length ? treeList(tree(items))
      : el('p', { class: 'hint' }, 'Nothing is backed up yet: pick a folder below.');
  }

  function select(id) {
    selected = id;
    return refresh();
  }

  async function loadLocal(folder) {
    const listing = await fileManager('listlocal', folder ? { path: folder } : {});
    localFolder = listing.path;
    parts.localPath.value = listing.path;
    const rows = listing.items.map((entry) => [
      entry.type === 'dir' ? el('a', { href: '#files', class: 'local-folder', 'data-path': entry.path,
        onclick: (event) => {
          event.preventDefault();
          fill(parts.local, () => loadLocal(entry.path));
        } }, entry.name + '/') : entry.name,
      entry.type === 'file' ? formatBytes(entry.size) : entry.type,
      el('button', { type: 'button', class: 'backup', 'data-path': entry.path,
        onclick: (event) => act(event.target, parts.message, async () => {
          const answer = await fileManager('upload', { path: entry.path });
          refresh();
          return answer + ' (see Activity)';
        }) }, 'Back up'),
    ]);
    return el('div', {},
      listing.parent ? el('button', { type: 'button', class: 'up',
        onclick: () => fill(parts.local, () => loadLocal(listing.parent)) }, 'up to ' + listing.parent) : null,
      table(['name', 'size', ''], rows, (cells) => cells, 'This folder is empty.'));
  }

  function build(section) {
    const localPath = el('input', { id: 'local-path', size: 50, 'aria-label': 'local folder' });
    const go = el('form', { class: 'inline' }, localPath, ' ', el('button', { type: 'submit' }, 'Open'));
    parts = {
      message: el('div', { class: 'message', role: 'status' }),
      catalog: el('div', { class: 'catalog' }),
      details: el('div', { class: 'details' }),
      local: el('div', { class: 'local' }),
      localPath,
    };
    go.addEventListener('submit', (event) => {
      event.preventDefault();
      fill(parts.local, () => loadLocal(localPath.value.trim()));
    });
    section.replaceChildren(
      el('h2', {}, 'Files'), parts.message,
      el('div', { class: 'columns' },
        el('div', {}, el('h3', {}, 'Catalog'), parts.catalog),
        el('div', {}, parts.details)),
      el('h3', {}, 'Local folders'),
      el('p', { class: 'hint' }, 'Pick a file or folder of this machine to back up.'), go, parts.local);
  }

  function refresh() {
    return fill(parts.catalog, loadCatalog);
  }

  return {
    title: 'Files',
    async show(section) {
      if (!parts) build(section);
      await Promise.all([refresh(), fill(parts.local, () => loadLocal(localFolder))]);
    },
    refresh,
  };
})();
