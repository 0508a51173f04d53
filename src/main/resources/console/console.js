// The tedge-event-handlers console: a page over the public REST API, with the operator's token.
// Plain DOM code, no framework and no build step; every text from the API is set with
// textContent (never parsed as HTML).
'use strict';

const API = '/api/coiotedm/v3/deviceEvents/handler';
const METRICS = '/observe/metrics';
const REFRESH_MS = 2000;
const CHART_POINTS = 90;
const SECRET = '******';
const TOKEN_KEY = 'console.token';
const DOMAINS_KEY = 'console.domains';
const COLORS = ['#0b6bcb', '#1a7f37', '#c62828', '#8250df', '#bf8700', '#0a7f8f', '#d6336c', '#6e7781', '#4d2d00', '#005cc5'];

// ---- Forms: every handler type is a list of fields in the shape of a Kamelet's JSON schema ----

const AUTH_FIELDS = [
  { path: 'auth.type', title: 'Authentication', enum: ['none', 'basic', 'token', 'customAuth'], default: 'none' },
  { path: 'auth.user', title: 'User', when: ['auth.type', 'basic'], required: true },
  { path: 'auth.password', title: 'Password', format: 'password', when: ['auth.type', 'basic'], required: true },
  { path: 'auth.token', title: 'Bearer token', format: 'password', when: ['auth.type', 'token'], required: true },
  { path: 'auth.value', title: 'Authorization header', format: 'password', when: ['auth.type', 'customAuth'],
    required: true, description: 'Sent as the Authorization header, verbatim' },
];

const BUILT_IN_TYPES = {
  webhook: { title: 'Webhook', fields: [
    { path: 'uri', title: 'URL', required: true, example: 'https://receiver.example/events' },
    { path: 'method', title: 'Method', enum: ['post', 'put', 'patch'], default: 'post' },
    { path: 'format', title: 'Body format', enum: ['generic', 'influxDb'], default: 'generic' },
    ...AUTH_FIELDS,
    { path: 'additionalHeaders', title: 'Extra headers', type: 'map', description: 'One "Name: value" a line' },
    { path: 'bodyTemplate', title: 'Body template', type: 'text', description: "Optional; empty for the format's own body" },
    { path: 'maxInFlight', title: 'Requests in flight', type: 'integer', default: 4,
      description: "1 to 16: how many devices' events go out at once, each device's in order; 1 for arrival order" },
  ] },
  kafka: { title: 'Kafka', fields: [
    { path: 'type', title: 'Producer properties', enum: ['custom', 'domainProperties'], default: 'custom',
      description: "custom: the properties below; domainProperties: the domain's kafka.domain.* settings" },
    { path: 'value', title: 'Properties', type: 'text', when: ['type', 'custom'], required: true,
      example: 'bootstrap.servers=127.0.0.1:9092' },
    { path: 'topic', title: 'Topic', required: true },
    { path: 'headers', title: 'Record headers', type: 'map', description: 'One "Name: value" a line' },
  ] },
  smartrest: { title: 'Cumulocity SmartREST', fields: [
    { path: 'topicPrefix', title: 'Topic prefix', default: 'c8y' },
    { path: 'sourceId', title: 'Source id', description: "The main device's managed-object id" },
    { path: 'uri', title: 'Tenant URL', description: 'For events too large for MQTT (optional)', example: 'https://example.cumulocity.com' },
    ...AUTH_FIELDS,
  ] },
};

const COMMON_FIELDS = [
  { path: 'name', title: 'Name', required: true },
  { path: 'description', title: 'Description' },
  { path: 'enabled', title: 'Enabled', type: 'boolean', default: true },
  { path: 'filter.type', title: 'Events', enum: ['lifecycle', 'telemetry'], default: 'lifecycle' },
  { path: 'filter.eventTypes', title: 'Event types', type: 'list', when: ['filter.type', 'lifecycle'], required: true,
    example: 'door_open, login_event', description: 'Comma-separated' },
  { path: 'filter.lwm2mUrls', title: 'LwM2M paths', type: 'list', when: ['filter.type', 'telemetry'], required: true,
    example: '/3303/0/5700', description: 'Comma-separated' },
];

/** The fields of a Kamelet type, from its JSON schema (GET {API}/kamelet/types). */
function kameletFields(type) {
  const required = type.required || [];
  return Object.entries(type.properties || {}).map(([name, p]) => ({
    path: 'properties.' + name, title: p.title || name, description: p.description, type: p.type,
    format: p.format, default: p.default, example: p.example, enum: p.enum, required: required.includes(name),
  }));
}

// ---- State ----

const state = {
  token: null,
  ownDomain: null,        // the token's domain when known (from a listed handler, or '/' when the root answers)
  domain: '',             // the selected domain; '' = the token's own (no ?domain=)
  handlers: [],
  kameletTypes: [],
  deadLetterApi: null,    // null until known; false when the API answers 404/405 for dead letters
  deadLetters: {},        // id -> {waiting, parked, total}
  counters: {},           // id -> {delivered, failed, deadLetters}
  failedSince: {},        // id -> Date the console first saw it failed (the API has no failure time)
  testResults: {},        // id -> {successful, message}
  history: [],            // [{in, handlers: {id: rate}}]
  lastScrape: null,
  editing: null,          // {kind, handler|null}
  deadLetterHandler: null,
  refreshing: false,
  timer: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? '' : value);
  }
  children.flat().forEach((child) => node.append(child));
  return node;
}

function getPath(object, path) {
  return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
}

function setPath(object, path, value) {
  const keys = path.split('.');
  let node = object;
  keys.slice(0, -1).forEach((key) => { node = node[key] = node[key] || {}; });
  node[keys[keys.length - 1]] = value;
}

// ---- The API ----

class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

/** Calls the API with the token; resolves to the JSON answer (or null), rejects with an ApiError. */
async function api(method, path, body, domain = state.domain) {
  const query = domain ? (path.includes('?') ? '&' : '?') + 'domain=' + encodeURIComponent(domain) : '';
  const headers = { Authorization: 'Bearer ' + state.token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(API + path + query, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) {
    const message = (json && (json.error || json.message))
      || (response.status === 404 || response.status === 405 ? 'This forwarder has no ' + method + ' ' + path.split('?')[0]
        + ' (HTTP ' + response.status + ')' : 'HTTP ' + response.status + (text ? ': ' + text.slice(0, 200) : ''));
    const error = new ApiError(response.status, message, json && json.field);
    if (response.status === 401 && state.token) signOut('Signed out: ' + message);
    throw error;
  }
  return json;
}

/** The field an API error names: its "field" key, else the message's "field.path: problem" prefix. */
function errorField(error) {
  if (error.field) return { field: error.field, problem: error.message };
  const match = /^([A-Za-z_][\w.[\]-]*): ([\s\S]*)$/.exec(error.message || '');
  return match ? { field: match[1], problem: match[2] } : { field: null, problem: error.message };
}

// ---- Sign in, domains ----

function storedDomains() {
  try { return JSON.parse(sessionStorage.getItem(DOMAINS_KEY)) || []; } catch (e) { return []; }
}

function normaliseDomain(text) {
  let domain = text.trim();
  if (!domain.startsWith('/')) domain = '/' + domain;
  return domain.endsWith('/') ? domain : domain + '/';
}

async function signIn(token) {
  state.token = token;
  $('sign-in-error').textContent = '';
  try {
    const own = await api('GET', '', undefined, '');
    sessionStorage.setItem(TOKEN_KEY, token);
    state.ownDomain = own.length ? own[0].domain : await rootAnswers();
    state.domain = '';
    state.kameletTypes = await kameletTypes();
    showConsole();
  } catch (error) {
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(error.message);
  }
}

/** '/' when the token may act on the root domain; otherwise its domain is not known yet. */
async function rootAnswers() {
  try { await api('GET', '', undefined, '/'); return '/'; } catch (e) { return null; }
}

/** The Kamelet types the API offers; none on a forwarder without them (404/405). */
async function kameletTypes() {
  try {
    const types = await api('GET', '/kamelet/types', undefined, '');
    return Array.isArray(types) ? types : [];
  } catch (e) {
    return [];
  }
}

function signOut(message) {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  clearInterval(state.timer);
  state.timer = null;
  showSignIn(message || '');
}

function showSignIn(message) {
  $('console').hidden = true;
  $('session').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message || '';
  $('token').value = '';
  $('token').focus();
}

function showConsole() {
  $('sign-in').hidden = true;
  $('session').hidden = false;
  $('console').hidden = false;
  renderDomains();
  renderTypeChoice();
  resetDomainView();
  refresh();
  clearInterval(state.timer);
  state.timer = setInterval(refresh, REFRESH_MS);
}

function renderDomains() {
  const select = $('domain');
  select.replaceChildren(el('option', { value: '', text: state.ownDomain || "the token's domain" }));
  storedDomains().filter((d) => d !== state.ownDomain)
    .forEach((domain) => select.append(el('option', { value: domain, text: domain })));
  select.value = state.domain;
}

/** Opens a domain below the token's: the API has no list of domains, so the operator names it. */
async function openSubdomain() {
  const input = $('subdomain');
  if (!input.value.trim()) return;
  const domain = normaliseDomain(input.value);
  try {
    await api('GET', '', undefined, domain);
    const domains = storedDomains();
    if (!domains.includes(domain) && domain !== state.ownDomain) {
      domains.push(domain);
      sessionStorage.setItem(DOMAINS_KEY, JSON.stringify(domains));
    }
    state.domain = domain === state.ownDomain ? '' : domain;
    input.value = '';
    renderDomains();
    resetDomainView();
    refresh();
  } catch (error) {
    notice(domain + ': ' + error.message, false);
  }
}

function resetDomainView() {
  state.handlers = [];
  state.history = [];
  state.lastScrape = null;
  $('handlers').querySelector('tbody').replaceChildren();
  $('deadletters').hidden = true;
}

function renderTypeChoice() {
  const select = $('new-type');
  select.replaceChildren(...Object.entries(BUILT_IN_TYPES).map(([name, type]) => el('option', { value: name, text: type.title })));
  state.kameletTypes.forEach((type) => select.append(el('option', { value: 'kamelet:' + type.name, text: 'Kamelet: ' + (type.title || type.name) })));
}

function notice(message, ok = true) {
  const box = $('notice');
  box.textContent = message;
  box.className = ok ? '' : 'bad';
  box.hidden = false;
}

// ---- The list, refreshed every few seconds ----

async function refresh() {
  if (state.refreshing || !state.token) return;
  state.refreshing = true;
  const domain = state.domain;
  try {
    const handlers = await api('GET', '');
    if (domain !== state.domain) return; // the operator chose another domain meanwhile
    if (!state.domain && handlers.length && !state.ownDomain) {
      state.ownDomain = handlers[0].domain;
      renderDomains();
    }
    state.handlers = handlers;
    // an open dead-letter panel follows the replays too, like the counts of the list
    const panel = !$('deadletters').hidden && state.deadLetterHandler ? loadDeadLetters() : null;
    await Promise.all([scrapeMetrics(), fetchDeadLetterCounts(), panel]);
    renderHandlers();
    drawChart();
    $('refreshed').textContent = 'Updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    if (state.token) $('refreshed').textContent = 'Refresh failed: ' + error.message;
  } finally {
    state.refreshing = false;
  }
}

function parseMetrics(text) {
  const samples = [];
  text.split('\n').forEach((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match) return;
    const labels = {};
    (match[2] || '').replace(/(\w+)="((?:[^"\\]|\\.)*)"/g, (all, key, value) => { labels[key] = value; return ''; });
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  });
  return samples;
}

/** Counters and rates from /observe/metrics; the chart shows events in and delivered per handler. */
async function scrapeMetrics() {
  let samples;
  try {
    // the token too: with observe.require-token (an API open beyond loopback) metrics need a token of domain /
    const response = await fetch(METRICS, { cache: 'no-store', headers: { Authorization: 'Bearer ' + state.token } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    samples = parseMetrics(await response.text());
  } catch (e) {
    state.counters = {};
    $('legend').textContent = 'Metrics unavailable (' + e.message + ')';
    return;
  }
  const now = Date.now();
  const counters = {};
  let eventsIn = 0;
  samples.forEach((sample) => {
    if (sample.name === 'tedge_events_in_total') eventsIn += sample.value;
    const id = sample.labels.handler;
    if (!id) return;
    const row = counters[id] = counters[id] || { delivered: 0, failed: 0, deadLetters: null };
    if (sample.name === 'tedge_handler_delivered_total') row.delivered += sample.value;
    else if (sample.name === 'tedge_handler_failed_total') row.failed += sample.value;
    else if (sample.name === 'tedge_handler_deadletters') row.deadLetters = sample.value;
  });
  const last = state.lastScrape;
  if (last) {
    const seconds = Math.max((now - last.at) / 1000, 0.001);
    const rates = {};
    state.handlers.forEach((h) => {
      const before = (last.counters[h.id] || {}).delivered || 0;
      rates[h.id] = Math.max(((counters[h.id] || {}).delivered || 0) - before, 0) / seconds;
    });
    state.history.push({ in: Math.max(eventsIn - last.eventsIn, 0) / seconds, handlers: rates });
    if (state.history.length > CHART_POINTS) state.history.shift();
  }
  state.lastScrape = { at: now, eventsIn, counters };
  state.counters = counters;
}

async function fetchDeadLetterCounts() {
  if (state.deadLetterApi === false) return;
  await Promise.all(state.handlers.map(async (h) => {
    try {
      const page = await api('GET', '/' + encodeURIComponent(h.id) + '/deadletters?limit=1');
      state.deadLetterApi = true;
      state.deadLetters[h.id] = page;
    } catch (error) {
      if ((error.status === 404 && !/^No event handler/.test(error.message)) || error.status === 405) {
        state.deadLetterApi = false;
      }
    }
  }));
}

function filterText(filter) {
  if (!filter) return '';
  if (filter.type === 'lifecycle') return 'events: ' + (filter.eventTypes || []).join(', ');
  if (filter.type === 'telemetry' || filter.type === 'dataModel') return 'telemetry: ' + (filter.lwm2mUrls || []).join(', ');
  return JSON.stringify(filter);
}

function typeText(h) {
  return h.type === 'kamelet' ? 'kamelet: ' + getPath(h, 'connectionConfig.kamelet') : h.type;
}

function targetText(h) {
  const c = h.connectionConfig || {};
  switch (h.type) {
    case 'webhook': return (c.method || 'post').toUpperCase() + ' ' + (c.uri || '');
    case 'kafka': return 'topic ' + (c.topic || '') + (c.type === 'domainProperties' ? ' (domain properties)' : '');
    case 'smartrest': return (c.topicPrefix || 'c8y') + '/s/us' + (c.uri ? ', ' + c.uri : '');
    default: return c.kamelet || '';
  }
}

/** A time as the operator reads it: the clock time today, else date and time. */
function when(iso) {
  if (!iso) return 'never';
  const time = new Date(iso);
  return time.toDateString() === new Date().toDateString() ? time.toLocaleTimeString() : time.toLocaleString();
}

function renderHandlers() {
  const body = $('handlers').querySelector('tbody');
  const ids = new Set(state.handlers.map((h) => h.id));
  [...body.rows].forEach((row) => { if (!ids.has(row.dataset.id)) row.remove(); });
  state.handlers.forEach((h, index) => {
    let row = body.querySelector('tr[data-id="' + CSS.escape(h.id) + '"]');
    if (!row) row = createRow(h);
    if (body.rows[index] !== row) body.insertBefore(row, body.rows[index] || null);
    updateRow(row, h, index);
  });
  $('empty').hidden = state.handlers.length > 0;
}

/** A row keeps its elements across refreshes (only their text changes), so a click is never lost. */
function createRow(h) {
  const cell = (name, cls) => el('td', { 'data-col': name, class: cls });
  const row = el('tr', { 'data-id': h.id },
    cell('name'), cell('type'), cell('filter'), cell('target'), cell('status'),
    cell('delivered', 'num'), cell('failed', 'num'), cell('deadletters', 'num'), cell('lastSuccess'), cell('rate', 'num'),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'small secondary', 'data-action': 'edit', text: 'Edit', onclick: () => openEditor(find(h.id)) }),
      el('button', { type: 'button', class: 'small secondary', 'data-action': 'toggle', onclick: () => toggle(find(h.id)) }),
      el('button', { type: 'button', class: 'small secondary', 'data-action': 'test', text: 'Test', onclick: () => testHandler(find(h.id)) }),
      el('button', { type: 'button', class: 'small secondary', 'data-action': 'preview', text: 'Preview', onclick: () => openPreview(find(h.id)) }),
      el('button', { type: 'button', class: 'small secondary', 'data-action': 'deadletters', text: 'Dead letters',
        onclick: () => openDeadLetters(find(h.id)) }),
      el('button', { type: 'button', class: 'small danger', 'data-action': 'delete', text: 'Delete', onclick: () => confirmDelete(find(h.id)) })));
  return row;
}

function find(id) {
  return state.handlers.find((h) => h.id === id) || { id, name: id };
}

function updateRow(row, h, index) {
  const set = (col, text, title) => {
    const td = row.querySelector('[data-col="' + col + '"]');
    if (td.textContent !== text) td.textContent = text;
    if (title !== undefined) td.title = title;
    return td;
  };
  set('name', h.name, h.description || '');
  set('type', typeText(h));
  set('filter', filterText(h.filter));
  set('target', targetText(h));
  renderStatus(row.querySelector('[data-col="status"]'), h);
  const counters = state.counters[h.id];
  set('delivered', counters ? String(counters.delivered) : '–');
  set('failed', counters ? String(counters.failed) : '–');
  const letters = state.deadLetters[h.id];
  if (state.deadLetterApi && letters) set('deadletters', letters.waiting + ' / ' + letters.parked, 'waiting / parked');
  else set('deadletters', counters && counters.deadLetters != null ? String(counters.deadLetters) : '–', 'kept for replay');
  set('lastSuccess', when(h.lastSuccessAt));
  const latest = state.history[state.history.length - 1];
  const rate = latest ? latest.handlers[h.id] : undefined;
  const rateCell = set('rate', rate === undefined ? '–' : rate.toFixed(1) + '/s');
  rateCell.style.color = COLORS[index % COLORS.length];
  const toggleButton = row.querySelector('[data-action="toggle"]');
  // a failed handler is switched off by its breaker, not its operator: it can still be disabled
  toggleButton.textContent = statusOf(h) === 'disabled' ? 'Enable' : 'Disable';
  row.querySelector('[data-action="deadletters"]').hidden = state.deadLetterApi === false;
}

function statusOf(h) {
  return h.status || (h.enabled ? 'active' : 'disabled');
}

function renderStatus(td, h) {
  const status = statusOf(h);
  if (status === 'failed') {
    state.failedSince[h.id] = state.failedSince[h.id] || new Date();
  } else {
    delete state.failedSince[h.id];
  }
  const parts = [el('span', { class: 'status ' + status, 'data-status': status, text: status })];
  if (status === 'failed') {
    const since = h.lastFailureAt || h.failedAt;
    parts.push(el('div', { class: 'hint', text: (h.consecutiveFailures || 0) + ' failures in a row, '
      + (since ? 'since ' + when(since) : 'seen at ' + state.failedSince[h.id].toLocaleTimeString()) }));
  }
  if (h.lastError && status !== 'active') parts.push(el('div', { class: 'last-error', text: h.lastError }));
  const result = state.testResults[h.id];
  if (result) parts.push(el('div', { class: 'test-result ' + (result.successful ? 'ok' : 'bad'), 'data-test-result': '',
    text: 'Test: ' + result.message }));
  const signature = JSON.stringify([status, h.consecutiveFailures, h.lastError, result, state.failedSince[h.id]]);
  if (td.dataset.signature !== signature) {
    td.dataset.signature = signature;
    td.replaceChildren(...parts);
  }
}

// ---- Actions ----

function typePath(h) {
  return h.type === 'kamelet' ? '/kamelet/' : '/' + h.type + '/';
}

/**
 * Disable is its own endpoint, so that a failed handler (shown enabled:false) is switched off only
 * on purpose, never by sending back what GET showed; Enable is a PUT of enabled:true.
 */
async function toggle(h) {
  const disabled = statusOf(h) === 'disabled';
  try {
    if (disabled) await api('PUT', typePath(h) + encodeURIComponent(h.id), { enabled: true });
    else await api('POST', '/' + encodeURIComponent(h.id) + '/disable');
    notice((disabled ? 'Enabled ' : 'Disabled ') + h.name);
  } catch (error) {
    notice(h.name + ': ' + error.message, false);
  }
  refresh();
}

async function testHandler(h) {
  try {
    const result = await api('POST', '/test/existing/' + encodeURIComponent(h.id));
    state.testResults[h.id] = result;
    notice('Test of ' + h.name + (result.successful ? ' succeeded: ' : ' failed: ') + result.message, result.successful);
  } catch (error) {
    state.testResults[h.id] = { successful: false, message: error.message };
    notice('Test of ' + h.name + ': ' + error.message, false);
  }
  refresh();
}

// What the handler would send for a thin-edge message (POST {id}/preview): nothing is delivered.
function openPreview(h) {
  const dialog = $('preview');
  $('preview-title').textContent = 'Preview of ' + h.name;
  const types = h.filter && h.filter.eventTypes;
  if (!$('preview-topic').value) {
    $('preview-topic').value = 'tedge/events/' + (types && types.length && types[0] !== '*' ? types[0] : 'event');
  }
  $('preview-result').textContent = '';
  $('preview-run').onclick = async () => {
    try {
      const result = await api('POST', '/' + encodeURIComponent(h.id) + '/preview',
        { topic: $('preview-topic').value, payload: $('preview-payload').value });
      $('preview-result').textContent = (result.matches ? 'Matches: it would send\n' : 'Does not match: nothing would be sent\n')
        + JSON.stringify(result.events, null, 2);
    } catch (error) {
      $('preview-result').textContent = error.message;
    }
  };
  $('preview-close').onclick = () => dialog.close();
  dialog.showModal();
}

function confirmDelete(h) {
  const dialog = $('confirm');
  $('confirm-text').textContent = 'Delete handler "' + h.name + '"? Its dead letters go with it.';
  $('confirm-yes').textContent = 'Delete';
  $('confirm-yes').onclick = async () => {
    dialog.close();
    try {
      await api('DELETE', '/' + encodeURIComponent(h.id));
      notice('Deleted ' + h.name);
      if (state.deadLetterHandler && state.deadLetterHandler.id === h.id) $('deadletters').hidden = true;
    } catch (error) {
      notice(h.name + ': ' + error.message, false);
    }
    refresh();
  };
  dialog.showModal();
}

// ---- Dead letters ----

async function openDeadLetters(h) {
  state.deadLetterHandler = h;
  $('dl-name').textContent = h.name;
  $('deadletters').hidden = false;
  await loadDeadLetters();
}

async function loadDeadLetters() {
  const h = state.deadLetterHandler;
  const rows = $('dl-table').querySelector('tbody');
  try {
    const page = await api('GET', '/' + encodeURIComponent(h.id) + '/deadletters?limit=50&offset=0');
    $('dl-summary').textContent = page.total + ' kept: ' + page.waiting + ' waiting for replay, ' + page.parked + ' parked'
      + (page.total > page.letters.length ? ' (the oldest ' + page.letters.length + ' shown)' : '');
    rows.replaceChildren(...page.letters.map((letter) => el('tr', {},
      el('td', { text: String(letter.sequence) }), el('td', { text: when(letter.storedAt) }),
      el('td', { class: 'num', text: String(letter.attempts) }), el('td', { text: letter.parked ? 'parked' : 'waiting' }),
      el('td', { class: 'last-error', text: letter.error || '' }),
      el('td', { class: 'hint', text: JSON.stringify(letter.event) }))));
  } catch (error) {
    rows.replaceChildren();
    $('dl-summary').textContent = error.status === 404 || error.status === 405
      ? 'This forwarder has no dead-letter API (' + error.message + ').' : error.message;
  }
}

async function deadLetterAction(method, path, done) {
  const h = state.deadLetterHandler;
  try {
    const answer = await api(method, '/' + encodeURIComponent(h.id) + path);
    notice(done(answer || {}));
  } catch (error) {
    notice(h.name + ': ' + error.message, false);
  }
  loadDeadLetters();
  refresh();
}

// ---- The create / edit form ----

/** kind: 'webhook' | 'kafka' | 'smartrest' | 'kamelet:<name>'. */
function typeFields(kind) {
  if (kind.startsWith('kamelet:')) {
    const name = kind.slice('kamelet:'.length);
    const type = state.kameletTypes.find((t) => t.name === name);
    return { title: 'Kamelet ' + ((type && (type.title || type.name)) || name), description: type && type.description,
      fields: type ? kameletFields(type) : [], constant: { kamelet: name }, path: 'kamelet' };
  }
  return { ...BUILT_IN_TYPES[kind], constant: {}, path: kind };
}

function openEditor(h) {
  const kind = h ? (h.type === 'kamelet' ? 'kamelet:' + getPath(h, 'connectionConfig.kamelet') : h.type) : $('new-type').value;
  const type = typeFields(kind);
  state.editing = { kind, type, handler: h || null };
  $('editor-title').textContent = (h ? 'Edit ' + h.name : 'New ' + type.title + ' handler')
    + (state.domain ? ' in ' + state.domain : state.ownDomain ? ' in ' + state.ownDomain : '');
  $('config-legend').textContent = type.title + (type.description ? ': ' + type.description : '');
  $('form-error').textContent = '';
  $('form-test-result').textContent = '';
  $('common-fields').replaceChildren(...COMMON_FIELDS.map((f) => fieldRow(f, f.path, h ? getPath(h, f.path) : undefined, !h)));
  $('config-fields').replaceChildren(...type.fields.map((f) => fieldRow(f, 'connectionConfig.' + f.path,
    h ? getPath(h.connectionConfig, f.path) : undefined, !h)));
  applyConditions();
  $('editor').showModal();
  $('editor').querySelector('input, select, textarea').focus();
}

/** One labelled input with its help text and the place its API error goes. */
function fieldRow(field, path, value, isNew) {
  const id = 'field-' + path.replace(/[^A-Za-z0-9]/g, '-');
  let input;
  if (field.enum) {
    const optional = !field.required && field.default === undefined && field.path !== 'auth.type';
    input = el('select', { id }, optional ? el('option', { value: '', text: '(not set)' }) : [],
      ...field.enum.map((option) => el('option', { value: String(option), text: String(option) })));
  } else if (field.type === 'boolean') {
    input = el('input', { id, type: 'checkbox' });
  } else if (field.type === 'text' || field.type === 'map') {
    input = el('textarea', { id, rows: 3, placeholder: field.example });
  } else {
    input = el('input', { id, type: field.format === 'password' ? 'password' : field.type === 'integer' || field.type === 'number' ? 'number' : 'text',
      placeholder: field.example === undefined ? '' : String(field.example), autocomplete: 'off' });
  }
  const shown = value !== undefined && value !== null ? value : (isNew ? field.default : undefined);
  if (field.type === 'boolean') input.checked = shown === undefined ? false : Boolean(shown);
  else if (field.type === 'list') input.value = (shown || []).join(', ');
  else if (field.type === 'map') input.value = Object.entries(shown || {}).map(([k, v]) => k + ': ' + v).join('\n');
  else if (field.enum) input.value = shown === undefined ? (field.path === 'auth.type' ? 'none' : input.options[0].value) : String(shown);
  else input.value = shown === undefined ? '' : String(shown);
  input.addEventListener('change', applyConditions);
  const row = el('div', { class: 'field', 'data-path': path },
    el('label', { for: id, text: field.title + (field.required ? ' *' : '') }), input);
  if (field.description) row.append(el('div', { class: 'help', text: field.description }));
  if (field.format === 'password' && !isNew) row.append(el('div', { class: 'help', text: 'Shown as ' + SECRET + '; left so, the stored secret is kept' }));
  row.append(el('div', { class: 'field-error', 'data-error-for': path }));
  row.field = field;
  return row;
}

/** Shows only the fields whose condition ({when: [path, value]}) holds, e.g. the password for basic auth. */
function applyConditions() {
  document.querySelectorAll('#handler-form .field').forEach((row) => {
    const condition = row.field.when;
    if (!condition) return;
    const prefix = row.dataset.path.startsWith('connectionConfig.') ? 'connectionConfig.' : '';
    const other = document.querySelector('#handler-form .field[data-path="' + prefix + condition[0] + '"] select, '
      + '#handler-form .field[data-path="' + prefix + condition[0] + '"] input');
    row.hidden = !other || other.value !== condition[1];
  });
}

/** The request body from the visible fields; empty optional fields are left out. */
function formBody() {
  const body = {};
  const { type, handler } = state.editing;
  document.querySelectorAll('#handler-form .field').forEach((row) => {
    if (row.hidden) return;
    const field = row.field;
    const input = row.querySelector('input, select, textarea');
    let value;
    if (field.type === 'boolean') value = input.checked;
    else if (field.type === 'list') value = input.value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
    else if (field.type === 'map') {
      value = {};
      input.value.split('\n').map((line) => line.trim()).filter(Boolean).forEach((line) => {
        const colon = line.indexOf(':');
        value[(colon < 0 ? line : line.slice(0, colon)).trim()] = colon < 0 ? '' : line.slice(colon + 1).trim();
      });
      if (!Object.keys(value).length && !handler) return;
    } else if (field.path === 'auth.type' && input.value === 'none') return;
    else if (input.value === '') return;
    else if ((field.type === 'integer' || field.type === 'number') && !Number.isNaN(Number(input.value))) value = Number(input.value);
    else value = input.value;
    if (field.type === 'list' && !value.length) return;
    setPath(body, row.dataset.path, value);
  });
  body.connectionConfig = { ...(body.connectionConfig || {}), ...type.constant };
  if (state.editing.kind.startsWith('kamelet:')) body.connectionConfig.properties = body.connectionConfig.properties || {};
  return body;
}

function clearErrors() {
  $('form-error').textContent = '';
  document.querySelectorAll('#handler-form .field').forEach((row) => {
    row.classList.remove('invalid');
    row.querySelector('.field-error').textContent = '';
  });
}

/** Puts the API's message next to the field it names (or its nearest shown parent), else above the form. */
function showError(error) {
  const { field, problem } = errorField(error);
  const rows = [...document.querySelectorAll('#handler-form .field')].filter((row) => !row.hidden);
  let path = field;
  while (path) {
    const row = rows.find((r) => r.dataset.path === path);
    if (row) {
      row.classList.add('invalid');
      row.querySelector('.field-error').textContent = problem;
      row.querySelector('input, select, textarea').focus();
      return;
    }
    path = path.endsWith(']') ? path.replace(/\[[^\]]*\]$/, '') : path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null;
  }
  $('form-error').textContent = error.message;
}

async function saveHandler(event) {
  event.preventDefault();
  clearErrors();
  const { type, handler } = state.editing;
  const body = formBody();
  try {
    if (handler) await api('PUT', '/' + type.path + '/' + encodeURIComponent(handler.id), body);
    else await api('POST', '/' + type.path, body);
    $('editor').close();
    notice((handler ? 'Saved ' : 'Created ') + body.name);
    refresh();
  } catch (error) {
    showError(error);
  }
}

async function testUnsaved() {
  clearErrors();
  const { type } = state.editing;
  const result = $('form-test-result');
  result.textContent = 'Testing…';
  try {
    const answer = await api('POST', '/test/' + type.path, formBody());
    result.textContent = (answer.successful ? 'Test succeeded: ' : 'Test failed: ') + answer.message;
    result.className = 'test-result ' + (answer.successful ? 'ok' : 'bad');
  } catch (error) {
    result.textContent = '';
    showError(error);
  }
}

// ---- The chart: events per second in, and delivered per handler ----

function drawChart() {
  const canvas = $('chart');
  const g = canvas.getContext('2d');
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  // events in last, dashed, on top: a handler whose line falls away from it has stalled
  const series = state.handlers.map((h, i) => ({ label: h.name, color: COLORS[i % COLORS.length], dash: [],
    values: state.history.map((p) => p.handlers[h.id] || 0) }));
  series.push({ label: 'events in (all domains)', color: '#1d2530', dash: [4, 3], values: state.history.map((p) => p.in) });
  const max = Math.max(1, ...series.flatMap((s) => s.values)) * 1.1;
  const left = 44, top = 8, plotW = width - left - 8, plotH = height - top - 20;
  g.strokeStyle = '#d8dee5';
  g.fillStyle = '#5d6b7a';
  g.font = '11px system-ui, sans-serif';
  [0, 0.5, 1].forEach((f) => {
    const y = top + plotH * (1 - f);
    g.beginPath(); g.moveTo(left, y); g.lineTo(left + plotW, y); g.stroke();
    g.fillText((max * f).toFixed(max * f < 10 ? 1 : 0), 4, y + 4);
  });
  // the samples so far fill the width (at most CHART_POINTS of them, the last few minutes)
  const points = Math.max(state.history.length, 2);
  g.fillText('events/s, last ' + Math.round(state.history.length * REFRESH_MS / 1000) + ' s', left, height - 4);
  series.forEach((s) => {
    if (s.values.length < 1) return;
    g.strokeStyle = s.color;
    g.lineWidth = 2;
    g.setLineDash(s.dash);
    g.beginPath();
    s.values.forEach((v, i) => {
      const x = left + plotW * i / (points - 1);
      const y = top + plotH * (1 - v / max);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  });
  g.setLineDash([]);
  $('legend').replaceChildren(...[series[series.length - 1], ...series.slice(0, -1)].map((s) => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = s.color; // through the CSSOM: the page's CSP allows no inline style attribute
    return el('div', {}, swatch, s.label + ' ' + (s.values.length ? s.values[s.values.length - 1].toFixed(1) + '/s' : '–'));
  }));
}

// ---- Start ----

function tokenFromAddress() {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!match) return null;
  // the token leaves the address bar (and the history) at once
  history.replaceState(null, '', location.pathname + location.search);
  return decodeURIComponent(match[1]);
}

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  $('sign-out').addEventListener('click', () => signOut(''));
  $('domain').addEventListener('change', () => {
    state.domain = $('domain').value;
    resetDomainView();
    refresh();
  });
  $('subdomain-add').addEventListener('click', openSubdomain);
  $('subdomain').addEventListener('keydown', (event) => { if (event.key === 'Enter') openSubdomain(); });
  $('new-handler').addEventListener('click', () => openEditor(null));
  $('handler-form').addEventListener('submit', saveHandler);
  $('form-test').addEventListener('click', testUnsaved);
  $('form-cancel').addEventListener('click', () => $('editor').close());
  $('confirm-no').addEventListener('click', () => $('confirm').close());
  $('dl-close').addEventListener('click', () => { $('deadletters').hidden = true; });
  $('dl-retry').addEventListener('click', () => {
    const h = state.deadLetterHandler;
    deadLetterAction('POST', '/deadletters/retry', (answer) => 'Retried the dead letters of ' + h.name + ': '
      + (answer.unparked ?? 0) + ' unparked, ' + (answer.waiting ?? 0) + ' still waiting');
  });
  $('dl-purge').addEventListener('click', () => {
    const h = state.deadLetterHandler;
    $('confirm-text').textContent = 'Purge every dead letter of "' + h.name + '"? They are not delivered then.';
    $('confirm-yes').textContent = 'Purge';
    $('confirm-yes').onclick = () => {
      $('confirm').close();
      deadLetterAction('DELETE', '/deadletters', (answer) => 'Purged ' + (answer.purged ?? 'the') + ' dead letters of ' + h.name);
    };
    $('confirm').showModal();
  });

  window.addEventListener('hashchange', () => {
    const linked = tokenFromAddress();
    if (linked) signIn(linked);
  });
  const token = tokenFromAddress() || sessionStorage.getItem(TOKEN_KEY);
  if (token) signIn(token); else showSignIn('');
});
