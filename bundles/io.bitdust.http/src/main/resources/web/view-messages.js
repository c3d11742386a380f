'use strict';
// The Messages view: my correspondents with their nicknames, the conversation with the one picked (both
// directions, oldest first), a box to send a message, and a search of nodes by nickname on the identity servers.

VIEWS.messages = (() => {
  let parts = null;
  let partner = ''; // the IDURL of the conversation shown

  function pick(idurl) {
    partner = idurl;
    parts.recipient.value = idurl;
    return refresh();
  }

  function addButton(peer) {
    return el('button', { type: 'button', class: 'add', onclick: (e) => act(e.target, parts.message, async () => {
      const added = await call('add_correspondent', { idurl: peer.idurl, nickname: peer.nickname || '' });
      await refresh();
      return added.nickname + ' is a correspondent';
    }) }, 'Add');
  }

  async function correspondents() {
    const list = await call('list_correspondents');
    return table(['nickname', ''], list, (c) => [
      el('a', { href: '#messages', class: 'correspondent' + (c.idurl === partner ? ' selected' : ''),
        title: c.idurl, 'data-idurl': c.idurl, onclick: (event) => {
          event.preventDefault();
          pick(c.idurl);
        } }, c.nickname || nameOf(c.idurl)),
      el('button', { type: 'button', class: 'danger', onclick: (e) => act(e.target, parts.message, async () => {
        await call('remove_correspondent', { idurl: c.idurl });
        await refresh();
        return (c.nickname || c.idurl) + ' is no longer a correspondent';
      }) }, 'Remove'),
    ], 'No correspondents yet: find one by nickname below.');
  }

  async function conversation() {
    const list = await call('list_messages', partner ? { correspondent: partner, limit: 100 } : { limit: 100 });
    if (!list.length) return el('p', { class: 'hint' }, partner ? 'No messages with ' + nameOf(partner) + ' yet.'
      : 'No messages yet.');
    return el('ol', { class: 'conversation' }, list.slice().reverse().map((m) => el('li', {
      class: 'bubble ' + m.direction, 'data-message-id': m.message_id, 'data-state': m.state },
    el('div', { class: 'hint' }, (m.direction === 'out' ? 'to ' + nameOf(m.recipient) : 'from ' + nameOf(m.sender))
      + ' · ' + formatDate(m.date) + ' · ' + m.state),
    el('div', { class: 'body' }, m.message),
    m.error ? el('div', { class: 'message error' }, m.error) : null)));
  }

  function refresh() {
    parts.title.textContent = partner ? 'Conversation with ' + nameOf(partner) : 'All messages';
    return Promise.all([fill(parts.correspondents, correspondents), fill(parts.conversation, conversation)]);
  }

  function sendForm() {
    const body = el('textarea', { id: 'message-body', rows: 3, cols: 60, 'aria-label': 'message' });
    const form = el('form', { class: 'send' },
      el('label', {}, 'To (IDURL) ', parts.recipient), body, el('button', { type: 'submit', id: 'send' }, 'Send'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(form.querySelector('button'), parts.message, async () => {
        const recipient = parts.recipient.value.trim();
        if (!recipient) throw new ApiError('write the recipient\'s IDURL, or pick a correspondent', 400);
        const sent = await call('send_message', { recipient, message_body: body.value });
        body.value = '';
        partner = recipient;
        await refresh();
        return sent.result;
      });
    });
    return form;
  }

  function searchForm() {
    const nickname = el('input', { id: 'nickname-search', 'aria-label': 'nickname' });
    const results = el('div', {});
    const form = el('form', { class: 'inline' }, nickname, ' ', el('button', { type: 'submit' }, 'Find'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(form.querySelector('button'), parts.message, async () => {
        const found = await call('find_peer_by_nickname', { nickname: nickname.value });
        results.replaceChildren(table(['nickname', 'IDURL', ''], found, (peer) => [
          peer.nickname, peer.idurl, addButton(peer)], 'Nobody by that name.'));
      });
    });
    return el('div', {}, form, results);
  }

  function build(section) {
    parts = {
      message: el('div', { class: 'message', role: 'status' }),
      correspondents: el('div', { id: 'correspondents' }),
      conversation: el('div', { id: 'conversation' }),
      title: el('h3', {}),
      recipient: el('input', { id: 'recipient', size: 50, 'aria-label': 'recipient' }),
    };
    const everyone = el('a', { href: '#messages', onclick: (event) => {
      event.preventDefault();
      partner = '';
      refresh();
    } }, 'all messages');
    section.replaceChildren(el('h2', {}, 'Messages'), parts.message,
      el('div', { class: 'columns' },
        el('div', {}, el('h3', {}, 'Correspondents'), parts.correspondents, el('p', {}, everyone),
          el('h3', {}, 'Find by nickname'), searchForm()),
        el('div', {}, parts.title, parts.conversation, sendForm())));
  }

  return {
    title: 'Messages',
    pollSeconds: 3,
    async show(section) {
      if (!parts) build(section);
      await refresh();
    },
    refresh,
  };
})();
