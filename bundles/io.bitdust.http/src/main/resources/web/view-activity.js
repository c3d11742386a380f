'use strict';
// The Activity view: backups and restores queued, running and ended lately (filemanager tasks), each with a
// progress bar, rate and ETA, and the buttons that cancel or abort them; a chart of the bytes sent per second.

VIEWS.activity = (() => {
  const CHART_SECONDS = 120;
  let parts = null;
  // [time in ms, bytes processed by the backups running] of the last CHART_SECONDS, one per refresh
  const samples = [];

  function progress(job) {
    const percent = Math.max(0, Math.min(100, Math.round(Number(job.progress) || 0)));
    return el('span', { class: 'progress' },
      el('progress', { max: 100, value: percent }),
      el('span', { class: 'percent' }, percent + ' %'));
  }

  function amounts(job) {
    const total = Number(job.total_size) || 0;
    return formatBytes(job.bytes_processed) + (total ? ' / ' + formatBytes(total) : '');
  }

  function speed(job) {
    const running = job.state === 'running';
    return running ? formatBytes(job.rate_bps) + '/s · ETA ' + formatSeconds(job.eta_seconds) : '';
  }

  function stateCell(job) {
    return el('span', {}, el('span', { class: 'state ' + job.state }, job.state),
      job.error ? el('div', { class: 'message error' }, job.error) : null);
  }

  function backupButton(job) {
    if (job.state === 'queued') {
      return el('button', { type: 'button', class: 'cancel', onclick: (e) => act(e.target, parts.message,
        async () => { const a = await call('backup_cancel_pending', { path_id: job.path_id }); await load(); return a; }),
      }, 'Cancel');
    }
    if (job.state === 'running' && job.backup_id) {
      return el('button', { type: 'button', class: 'abort', onclick: (e) => act(e.target, parts.message,
        async () => { const a = await call('backup_abort_running', { backup_id: job.backup_id }); await load(); return a; }),
      }, 'Abort');
    }
    return null;
  }

  function restoreButton(job) {
    if (job.state !== 'running' && job.state !== 'queued') return null;
    return el('button', { type: 'button', class: 'abort', onclick: (e) => act(e.target, parts.message,
      async () => { const a = await call('restore_abort', { backup_id: job.backup_id }); await load(); return a; }),
    }, 'Abort');
  }

  function jobRow(kind, job, button) {
    return el('tr', { class: 'job ' + kind, 'data-path-id': job.path_id || '', 'data-backup-id': job.backup_id || '',
      'data-state': job.state },
    el('td', {}, job.backup_id || job.path_id,
      el('div', { class: 'hint' }, kind === 'backup' ? job.source_path || '' : '→ ' + (job.destination || ''))),
    el('td', {}, stateCell(job)),
    el('td', {}, progress(job)),
    el('td', {}, amounts(job)),
    el('td', {}, speed(job)),
    el('td', {}, formatDate(job.created)),
    el('td', {}, button));
  }

  function jobs(kind, list, button) {
    if (!list.length) return el('p', { class: 'hint' }, 'No ' + kind + ' lately.');
    return el('table', { class: 'jobs' },
      el('thead', {}, el('tr', {}, ['job', 'state', 'progress', 'bytes', 'rate', 'started', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, list.map((job) => jobRow(kind === 'backups' ? 'backup' : 'restore', job, button(job)))));
  }

  /** Bytes per second between samples, drawn as bars over the last CHART_SECONDS. */
  function drawChart(canvas) {
    const context = canvas.getContext && canvas.getContext('2d');
    if (!context) return;
    const width = canvas.width;
    const height = canvas.height;
    context.clearRect(0, 0, width, height);
    const rates = [];
    for (let i = 1; i < samples.length; i++) {
      const seconds = (samples[i][0] - samples[i - 1][0]) / 1000;
      rates.push([samples[i][0], seconds > 0 ? Math.max(0, samples[i][1] - samples[i - 1][1]) / seconds : 0]);
    }
    const top = Math.max(0, ...rates.map((r) => r[1]));
    context.fillStyle = '#5b6475';
    context.font = '11px sans-serif';
    if (top === 0) {
      context.fillText('nothing backed up in the last ' + CHART_SECONDS + ' s while this view was open', 4, 11);
      return;
    }
    const now = Date.now();
    context.fillStyle = '#3b6fd1';
    rates.forEach(([time, rate]) => {
      const x = width - ((now - time) / 1000 / CHART_SECONDS) * width;
      const h = (rate / top) * (height - 14);
      context.fillRect(x - 3, height - h, 3, h);
    });
    context.fillStyle = '#5b6475';
    context.fillText('max ' + formatBytes(top) + '/s, last ' + CHART_SECONDS + ' s', 4, 11);
  }

  function sample(backups) {
    // every job listed counts: a running one grows, an ended one stays until it leaves the list (a drop counts as 0)
    const total = backups.reduce((sum, job) => sum + (Number(job.bytes_processed) || 0), 0);
    const now = Date.now();
    samples.push([now, total]);
    while (samples.length && samples[0][0] < now - CHART_SECONDS * 1000) samples.shift();
  }

  async function load() {
    const tasks = await fileManager('tasks');
    sample(tasks.backups);
    parts.backups.replaceChildren(jobs('backups', tasks.backups, backupButton));
    parts.restores.replaceChildren(jobs('restores', tasks.restores, restoreButton));
    drawChart(parts.chart);
  }

  /** Loads the jobs; an error shows in the status line (the last good tables stay) until a load works again. */
  async function refresh() {
    try {
      await load();
      say(parts.status, '', '');
    } catch (e) {
      say(parts.status, describeError(e), 'error');
    }
  }

  function build(section) {
    parts = {
      message: el('div', { class: 'message', role: 'status' }),
      status: el('div', { class: 'message', role: 'status' }),
      backups: el('div', { id: 'backup-jobs' }),
      restores: el('div', { id: 'restore-jobs' }),
      chart: el('canvas', { id: 'sent-chart', width: 600, height: 90, 'aria-label': 'bytes backed up per second' }),
    };
    section.replaceChildren(el('h2', {}, 'Activity'), parts.message, parts.status,
      el('h3', {}, 'Backed up per second'), parts.chart,
      el('h3', {}, 'Backups'), parts.backups,
      el('h3', {}, 'Restores'), parts.restores);
  }

  return {
    title: 'Activity',
    pollSeconds: 1,
    async show(section) {
      if (!parts) build(section);
      await refresh();
    },
    refresh,
  };
})();
