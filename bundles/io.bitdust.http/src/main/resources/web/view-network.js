'use strict';
// The Network view: my suppliers (position, online, contract, space) with ping and replace, my customers with the
// space they use, and the transports with their state and failures. Each part shows on its own that its area is not
// running.

VIEWS.network = (() => {
  let parts = null;

  function online(flag) {
    return el('span', { class: 'dot ' + (flag ? 'online' : 'offline') }, flag ? 'online' : 'offline');
  }

  function pingButton(idurl) {
    if (!idurl) return null;
    return el('button', { type: 'button', class: 'ping', onclick: (e) => act(e.target, parts.message, async () => {
      const pong = await call('ping', { idurl });
      return nameOf(idurl) + ' answered in ' + pong.round_trip_ms + ' ms over ' + pong.protocol;
    }) }, 'Ping');
  }

  async function suppliers() {
    const list = await call('suppliers_list');
    return table(['position', 'supplier', 'online', 'contract', 'used / allocated', 'last seen', ''], list, (s) => [
      String(s.position),
      s.idurl ? el('span', { title: s.idurl }, nameOf(s.idurl)) : el('span', { class: 'hint' }, 'empty'),
      s.idurl ? online(s.online) : '',
      el('span', {}, s.contract, s.reason ? el('div', { class: 'hint' }, s.reason) : null),
      formatBytes(s.used_bytes) + ' / ' + formatBytes(s.allocated_bytes),
      formatDate(s.last_seen),
      el('span', { class: 'buttons' }, pingButton(s.idurl),
        el('button', { type: 'button', class: 'replace', onclick: (e) => act(e.target, parts.message, async () => {
          const now = await call('supplier_replace', { index_or_idurl: String(s.position) });
          await refresh();
          return 'position ' + now.position + ' is ' + now.contract + ' a new supplier';
        }) }, 'Replace')),
    ], 'No supplier positions: the customer service is off.');
  }

  async function customers() {
    const donated = await call('space_donated');
    return el('div', {},
      el('p', {}, 'Donated ' + formatBytes(donated.donated_bytes) + ', allocated ' + formatBytes(donated.allocated_bytes)
        + ', used ' + formatBytes(donated.used_bytes) + ', free ' + formatBytes(donated.free_bytes) + '.'),
      table(['customer', 'online', 'position', 'used / allocated', 'files', 'since', ''], donated.customers, (c) => [
        el('span', { title: c.idurl }, nameOf(c.idurl)), online(c.online), c.ecc_map + ' #' + c.position,
        formatBytes(c.used_bytes) + ' / ' + formatBytes(c.allocated_bytes), String(c.files), formatDate(c.since),
        pingButton(c.idurl),
      ], 'No customers store data here yet.'));
  }

  async function transports() {
    const list = await call('transports_list');
    return table(['protocol', 'state', 'contacts', 'failure'], list, (t) => [
      t.protocol, el('span', { class: 'state ' + t.state }, t.state), (t.contacts || []).join(', '),
      t.reason ? el('span', { class: 'message error' }, t.reason) : '',
    ], 'No transport is running.');
  }

  function refresh() {
    return Promise.all([fill(parts.suppliers, suppliers), fill(parts.customers, customers),
      fill(parts.transports, transports)]);
  }

  function build(section) {
    parts = {
      message: el('div', { class: 'message', role: 'status' }),
      suppliers: el('div', { id: 'suppliers' }),
      customers: el('div', { id: 'customers' }),
      transports: el('div', { id: 'transports' }),
    };
    const pingAll = el('button', { type: 'button', onclick: (e) => act(e.target, parts.message, async () => {
      await call('suppliers_ping');
      await refresh();
      return 'every supplier was pinged';
    }) }, 'Ping all suppliers');
    section.replaceChildren(el('h2', {}, 'Network'), parts.message,
      el('h3', {}, 'My suppliers ', pingAll), parts.suppliers,
      el('h3', {}, 'My customers'), parts.customers,
      el('h3', {}, 'Transports'), parts.transports);
  }

  return {
    title: 'Network',
    pollSeconds: 5,
    async show(section) {
      if (!parts) build(section);
      await refresh();
    },
    refresh,
  };
})();
