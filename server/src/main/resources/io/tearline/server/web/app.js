// Tearline's web application: one page, hash routes, the JSON API with a bearer token kept in this
// tab's session storage. Everything is built with DOM calls and textContent: no HTML is ever parsed
// from data. Stable hooks (data-banner, data-portion, data-marking, data-hit, data-error, data-finding,
// data-status, data-user, data-signin) are a documented contract: see README.md.
'use strict';

const TOKEN = 'tearline.token';
const DEMO = 'tearline.demo';
const LOG = 'tearline.testlog';
const RECEIPT = 'tearline.receipt';
const LOGIN = 'tearline.login';

const $ = (id) => document.getElementById(id);

/** Creates an element: h('p', {class: 'x', 'data-y': 1}, 'text', child, ...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let me = null;
let demo = false;

/** Calls the API: one request, the bearer token, JSON in and out. Records the audit receipt it carries. */
async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  const text = await res.text();
  if (sessionStorage.getItem(LOG) === '1') { // the browser tests read what the page received
    const log = JSON.parse(sessionStorage.getItem(LOG + '.data') || '[]');
    log.push({ method, path, status: res.status, body: text });
    sessionStorage.setItem(LOG + '.data', JSON.stringify(log));
  }
  const index = res.headers.get('Tearline-Audit-Index');
  const leaf = res.headers.get('Tearline-Audit-Leaf');
  if (index !== null && leaf !== null) sessionStorage.setItem(RECEIPT, JSON.stringify({ index: Number(index), leafHash: leaf }));
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json') && text) data = JSON.parse(text);
  else data = text;
  if (res.status === 401 && path !== '/api/v1/me') { signOut(); throw new Error('signed out: please sign in again'); }
  return { status: res.status, ok: res.ok, data };
}

function problemText(r) {
  if (r.data && typeof r.data === 'object') return (r.data.title || 'Error') + ': ' + (r.data.detail || '');
  return 'HTTP ' + r.status;
}

// ---- banners

const SCI = ['SI', 'TK', 'HCS', 'KDK', 'RSV', 'BUR', 'G'];

/** The colour class of a banner: U green, C blue, S red, TS orange, TS with SCI yellow. */
function bannerClass(banner) {
  const b = (banner || '').toUpperCase().replace(/^\/\/[A-Z]+ /, '').replace(/^\/\//, '');
  const parts = b.split('//');
  const cls = parts[0];
  if (cls.startsWith('TOP SECRET')) {
    const second = (parts[1] || '').split(/[-/ ]/)[0];
    return SCI.includes(second) ? 'b-sci' : 'b-ts';
  }
  if (cls.startsWith('SECRET')) return 'b-s';
  if (cls.startsWith('CONFIDENTIAL')) return 'b-c';
  if (cls.startsWith('UNCLASSIFIED')) return 'b-u';
  return 'b-x';
}

function banner(text) {
  return h('div', { class: 'banner ' + bannerClass(text), 'data-banner': '', role: 'note', 'aria-label': 'Classification banner' }, text);
}

// ---- the frame: who you are, navigation

function renderFrame() {
  $('demo').hidden = !demo;
  const nav = $('nav');
  nav.replaceChildren();
  const who = $('who');
  who.replaceChildren();
  if (!me) return;
  const links = [['#/search', 'Search'], ['#/write', 'Write']];
  if (me.roles.includes('security-officer') || me.roles.includes('assessor')) links.push(['#/alliance', 'Alliance']);
  links.push(['#/audit', 'Audit']);
  if (me.roles.includes('disclosure-officer')) links.push(['#/queue', 'Disclosure queue']);
  else if (me.roles.includes('analyst')) links.push(['#/queue', 'My release requests']);
  for (const [href, label] of links) nav.append(h('a', { href }, label));
  who.append(h('span', { 'data-user': me.name },
    me.name + ' · ' + me.nation + ' · ' + me.clearance.replace('_', ' ') + ' · ' + me.roles.join(', ')),
    h('button', { type: 'button', onclick: () => { signOut(); location.hash = '#/signin'; } }, 'Sign out'));
}

function signOut() {
  sessionStorage.removeItem(TOKEN);
  me = null;
  renderFrame();
}

function show(...nodes) {
  const main = $('main');
  main.replaceChildren(...nodes);
}

function message(text, cls) {
  return h('p', { class: cls || 'muted', role: cls === 'bad' ? 'alert' : 'status' }, text);
}

// ---- sign in

async function signInPage(problem) {
  const nodes = [h('h1', {}, 'Sign in')];
  if (problem) nodes.push(message(problem, 'bad'));
  const [people, issuers] = await Promise.all([api('GET', '/web/demo/people'), api('GET', '/web/login/issuers')]);
  if (issuers.ok && Array.isArray(issuers.data) && issuers.data.length) {
    nodes.push(h('h2', {}, 'With your identity provider'), h('p', {}, ...issuers.data.map((i) => h('button', { type: 'button', 'data-issuer': i.nation,
      onclick: () => beginLogin(i) }, 'Sign in with ' + i.nation + "'s identity provider"))));
  }
  demo = people.status === 200;
  sessionStorage.setItem(DEMO, demo ? '1' : '0');
  renderFrame();
  if (demo) {
    const list = h('div', { class: 'people' });
    for (const p of people.data) {
      list.append(h('button', { type: 'button', 'data-signin': p.name, onclick: () => demoSignIn(p.name) },
        h('strong', {}, p.name), ' · ' + p.nation + ' · ' + p.clearance.replace('_', ' ') + ' · ' + p.roles.join(', ')));
    }
    nodes.push(h('h2', {}, 'Demo people'), message('Demo mode: pick a person of the exercise scenario.'), list);
  }
  const field = h('textarea', { id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, field.value.trim());
    await afterSignIn();
  } }, h('label', { for: 'token' }, 'Bearer token'), field, h('button', { type: 'submit' }, 'Sign in with the token'));
  nodes.push(h('h2', {}, 'With a token'), form);
  show(...nodes);
}

// ---- sign in with an identity provider: OAuth 2.0 authorization code with PKCE (RFC 7636)

function b64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomValue() {
  return b64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Sends the browser to the provider; the verifier, state and nonce stay in this tab's session storage. */
async function beginLogin(issuer) {
  const verifier = randomValue(); const state = randomValue(); const nonce = randomValue();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const redirect = location.origin + '/';
  sessionStorage.setItem(LOGIN, JSON.stringify({ state, nonce, verifier, redirect, issuer: issuer.issuer, token: issuer.token, clientId: issuer.clientId }));
  const q = new URLSearchParams({ response_type: 'code', client_id: issuer.clientId, redirect_uri: redirect, scope: 'openid',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(issuer.authorization + (issuer.authorization.includes('?') ? '&' : '?') + q.toString());
}

/**
 * Back from the provider (?code=&state=): the state must be the one this tab sent, the code is
 * exchanged with the verifier, and the token must carry this sign-in's nonce and the provider's
 * issuer. Returns what went wrong, or null when signed in.
 */
async function finishLogin() {
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', location.pathname + '#/signin'); // the code leaves the address bar
  const pending = JSON.parse(sessionStorage.getItem(LOGIN) || 'null');
  sessionStorage.removeItem(LOGIN); // one answer per sign-in
  if (!pending || params.get('state') !== pending.state) return 'That sign-in answer does not belong to a sign-in started here.';
  if (params.get('error') || !params.get('code')) return 'The identity provider did not sign you in: ' + (params.get('error') || 'no code');
  const res = await fetch(pending.token, { method: 'POST', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: pending.redirect,
      client_id: pending.clientId, code_verifier: pending.verifier }).toString() });
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok || !data || typeof data.access_token !== 'string') return 'The identity provider issued no token' + (data && data.error ? ': ' + data.error : '.');
  let claims = null;
  try { claims = JSON.parse(atob(data.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch (e) { claims = null; }
  if (!claims || claims.nonce !== pending.nonce || claims.iss !== pending.issuer) return 'That token was not issued for this sign-in.';
  sessionStorage.setItem(TOKEN, data.access_token);
  return null;
}

async function demoSignIn(user) {
  const r = await api('POST', '/web/demo/sign-in', { user });
  if (!r.ok) { show(message(problemText(r), 'bad')); return; }
  sessionStorage.setItem(TOKEN, r.data.token);
  await afterSignIn();
}

async function afterSignIn() {
  if (!await loadMe()) { show(message('That token was refused.', 'bad')); return; }
  location.hash = '#/search';
  route();
}

async function loadMe() {
  if (!sessionStorage.getItem(TOKEN)) return false;
  const r = await api('GET', '/api/v1/me');
  if (!r.ok) { sessionStorage.removeItem(TOKEN); me = null; return false; }
  me = r.data;
  renderFrame();
  return true;
}

// ---- search

async function searchPage(params) {
  const q = params.get('q') || '';
  const offset = Math.max(0, Number(params.get('offset') || 0));
  const limit = 10;
  const input = h('input', { type: 'search', id: 'q', name: 'q', value: q });
  const form = h('form', { role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = '#/search?q=' + encodeURIComponent(input.value);
  } }, h('label', { for: 'q' }, 'Search reports'), input, h('button', { type: 'submit' }, 'Search'));
  const nodes = [h('h1', {}, 'Search'), form];
  if (q.trim()) {
    const r = await api('GET', '/api/v1/search?q=' + encodeURIComponent(q) + '&limit=' + limit + '&offset=' + offset);
    if (!r.ok) nodes.push(message(problemText(r), 'bad'));
    else {
      const res = r.data;
      nodes.push(message(res.total + ' report' + (res.total === 1 ? '' : 's') + ' found'));
      const list = h('ol', { class: 'hits' });
      for (const hit of res.hits) {
        list.append(h('li', { 'data-hit': hit.id },
          h('span', { class: 'banner ' + bannerClass(hit.banner) }, hit.banner), ' ',
          h('a', { href: '#/report/' + hit.id }, hit.title ? hit.title.text : hit.id),
          h('p', {}, ...snippet(hit.snippet))));
      }
      nodes.push(list);
      const pager = h('nav', { 'aria-label': 'Pages' });
      if (offset > 0) pager.append(h('a', { href: '#/search?q=' + encodeURIComponent(q) + '&offset=' + Math.max(0, offset - limit) }, '← Previous'), ' ');
      if (offset + res.hits.length < res.total) pager.append(h('a', { href: '#/search?q=' + encodeURIComponent(q) + '&offset=' + (offset + limit) }, 'Next →'));
      nodes.push(pager);
    }
  }
  show(...nodes);
  input.focus();
}

/** A snippet's text with its <mark> highlights as mark elements; nothing else is read as markup. */
function snippet(text) {
  const out = [];
  const parts = (text || '').split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const p of parts) {
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) out.push(marked ? h('mark', {}, p) : p);
  }
  return out;
}

// ---- read a report

async function reportPage(id, params) {
  // ?version=N: an older stored version (the server answers it to the owner only, like the history)
  const older = /^[1-9][0-9]*$/.test(params.get('version') || '') ? params.get('version') : null;
  const r = await api('GET', '/api/v1/reports/' + encodeURIComponent(id) + (older ? '?version=' + older : ''));
  if (!r.ok) { show(h('h1', {}, 'Report'), message(problemText(r), 'bad')); return; }
  const rep = r.data;
  const body = h('article', { 'aria-label': 'Report' });
  if (older) body.append(h('p', { class: 'notice', role: 'status', 'data-version-shown': older }, 'Stored version ' + older
    + ' of this report, as it was written. ', h('a', { href: '#/report/' + rep.id }, 'Back to the current version')));
  if (rep.title) body.append(h('h1', {}, h('span', { class: 'pm' }, rep.title.marking), ' ', rep.title.text));
  body.append(h('p', { class: 'muted' }, 'Owner ' + rep.owner + ' · originator ' + rep.originator
    + ' · version ' + rep.version.slice(0, 12) + (rep.created ? ' · created ' + rep.created : '')));
  const main = [];
  const tear = [];
  for (const p of rep.portions) (p.decision === 'TEARLINE' || p.tearline ? tear : main).push(p);
  for (const p of main) body.append(portion(p));
  if (tear.length) {
    body.append(h('hr', { class: 'tearline-rule' }), h('h2', {}, 'Tearline'));
    for (const p of tear) body.append(portion(p));
  }
  const save = (blob, name) => {
    const a = h('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a); a.click(); a.remove();
  };
  // the server's audited export when it has one; otherwise this view as it is (JSON) or printed (PDF)
  const exportAs = (format) => async () => {
    const headers = { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN) };
    const res = await fetch('/api/v1/reports/' + encodeURIComponent(rep.id) + '/export?format=' + format,
      { headers, credentials: 'omit', cache: 'no-store' });
    if (res.ok) save(await res.blob(), 'report-' + rep.id + '.' + format);
    else if (res.status === 404 && format === 'pdf') window.print();
    else if (res.status === 404) save(new Blob([JSON.stringify(rep, null, 2)], { type: 'application/json' }), 'report-' + rep.id + '.json');
    else show(message('Export refused: HTTP ' + res.status, 'bad'));
  };
  const tools = h('p', { class: 'no-print' },
    h('button', { type: 'button', onclick: exportAs('pdf') }, 'Export PDF'),
    h('button', { type: 'button', onclick: exportAs('json') }, 'Export JSON'),
    h('a', { href: '#/write/' + rep.id }, 'Revise'));
  if (me && me.roles.includes('analyst')) tools.append(' ', h('a', { href: '#/release/' + rep.id }, 'Ask for release'));
  // the version history, for the owner's people (the server decides: only those who see the whole report get it)
  const history = h('section', { 'aria-label': 'Version history', class: 'no-print' });
  if (me && me.nation === rep.owner) {
    history.append(h('button', { type: 'button', onclick: async () => {
      const v = await api('GET', '/api/v1/reports/' + encodeURIComponent(rep.id) + '/versions');
      if (!v.ok) { history.replaceChildren(message('No version history: it is shown only to readers of the owner nation who see the whole report.')); return; }
      history.replaceChildren(h('h2', {}, 'Version history'), h('ol', { class: 'versions' }, ...v.data.versions.map((x) => h('li', { 'data-version': x.version },
        h('a', { href: '#/report/' + rep.id + '?version=' + x.version }, 'Version ' + x.version),
        x.version === v.data.current ? ' (current)' : '', ' · ' + x.author + ' · ' + x.created + ' · ' + x.portions + ' portion' + (x.portions === 1 ? '' : 's') + ' · ',
        h('span', { class: 'banner ' + bannerClass(x.banner) }, x.banner)))));
    } }, 'Version history'));
  }
  show(banner(rep.banner), body, banner(rep.banner), tools, history);
}

function portion(p) {
  return h('div', { class: 'portion' }, h('span', { class: 'pm', 'aria-label': 'Portion marking' }, p.marking),
    h('p', { 'data-portion': p.index, 'data-marking': p.marking }, p.text));
}

// ---- write or revise

async function writePage(id) {
  let rep = null;
  if (id) {
    const r = await api('GET', '/api/v1/reports/' + encodeURIComponent(id));
    if (!r.ok) { show(message(problemText(r), 'bad')); return; }
    rep = r.data;
  }
  const live = h('div', {}, banner('—'));
  const rows = h('div', {});
  let seq = 0;
  const fields = [];

  function field(kind, marking, text) {
    const n = seq++;
    const mId = 'm' + n; const tId = 't' + n;
    const m = h('input', { type: 'text', id: mId, name: mId, value: marking || '', autocomplete: 'off', spellcheck: 'false' });
    const t = kind === 'title' ? h('input', { type: 'text', id: tId, name: tId, value: text || '' })
      : h('textarea', { id: tId, name: tId }, text || '');
    const errs = h('ul', { class: 'errors', 'aria-live': 'polite' });
    const f = { kind, m, t, errs, row: null };
    const remove = kind === 'title' ? null : h('button', { type: 'button', onclick: () => {
      fields.splice(fields.indexOf(f), 1); f.row.remove(); check();
    } }, 'Remove portion');
    f.row = h('div', { class: 'edit-portion' },
      h('label', { for: mId }, kind === 'title' ? 'Title marking' : 'Portion marking'), m, errs,
      h('label', { for: tId }, kind === 'title' ? 'Title' : 'Portion text'), t, remove);
    m.addEventListener('input', schedule);
    fields.push(f);
    rows.append(f.row);
  }

  let timer = null;
  function schedule() { clearTimeout(timer); timer = setTimeout(check, 200); }

  async function check() {
    const list = fields.map((f) => f.m.value);
    if (!list.length) return;
    const r = await api('POST', '/api/v1/markings/check', { markings: list, portion: true });
    if (!r.ok) return;
    r.data.forEach((c, i) => {
      const f = fields[i];
      if (!f || f.m.value !== c.input) return;
      f.errs.replaceChildren();
      for (const e of c.errors || []) {
        f.errs.append(h('li', { 'data-error': e.rule }, e.message + (e.offset !== undefined ? ' (at ' + e.offset + ')' : '') + ' [' + e.rule + ']'));
      }
      if (c.verdict === 'NONCANON' && c.portion) {
        f.errs.append(h('li', {}, 'Written as ' + c.portion + ' normally. ',
          h('button', { type: 'button', 'data-normal': c.portion, onclick: () => { f.m.value = c.portion; check(); } }, 'Use ' + c.portion)));
      }
      f.m.setAttribute('aria-invalid', (c.errors || []).length ? 'true' : 'false');
    });
    const portions = fields.filter((f) => f.kind !== 'title').map((f) => f.m.value);
    if (!portions.length) return;
    const roll = await api('POST', '/api/v1/markings/rollup', { portions });
    live.replaceChildren(banner(roll.ok && roll.data.banner ? roll.data.banner : 'banner: fix the markings first'));
  }

  field('title', rep && rep.title ? rep.title.marking : '(U)', rep && rep.title ? rep.title.text : '');
  if (rep) rep.portions.forEach((p) => field('portion', p.marking, p.text));
  else field('portion', '(U)', '');
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const title = fields.find((f) => f.kind === 'title');
    const portions = fields.filter((f) => f.kind !== 'title').map((f) => ({ marking: f.m.value, text: f.t.value }));
    const body = { title: { marking: title.m.value, text: title.t.value }, portions };
    const r = rep ? await api('PUT', '/api/v1/reports/' + rep.id, Object.assign({ version: rep.version }, body))
      : await api('POST', '/api/v1/reports', body);
    if (!r.ok) {
      status.replaceChildren(message(problemText(r), 'bad'));
      const list = h('ul', { class: 'errors' });
      for (const e of (r.data && r.data.errors) || []) list.append(h('li', { 'data-error': e.rule }, (e.portion !== undefined ? 'portion ' + e.portion + ': ' : '') + e.message));
      status.append(list);
      return;
    }
    location.hash = '#/report/' + r.data.id;
  } }, rows, h('button', { type: 'button', onclick: () => { field('portion', '(U)', ''); check(); } }, 'Add portion'),
  h('button', { type: 'submit' }, rep ? 'Save revision' : 'Create report'), status);
  show(h('h1', {}, rep ? 'Revise report' : 'Write a report'), h('p', { class: 'muted' }, 'The banner, rolled up as you type:'), live, form);
  check();
}

// ---- alliance (security officers)

async function alliancePage() {
  const [all, status] = await Promise.all([api('GET', '/api/v1/alliance'), api('GET', '/api/v1/alliance/status')]);
  if (!all.ok || !status.ok) { show(h('h1', {}, 'Alliance'), message(problemText(all.ok ? status : all), 'bad')); return; }
  const a = all.data;
  const nations = Object.values(a.nations);
  const communities = Object.values(a.communities);
  const comms = communities.map((c) => c.id);
  const soon = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  /** Required controls of a community whose assessment for a nation lapses within 30 days. */
  const lapsing = (nation, c) => (a.assessments || []).filter((s) => s.nation === nation && s.expiresOn && s.expiresOn <= soon
    && (communities.find((x) => x.id === c).requiredControls || []).includes(s.control));
  const table = h('table', { 'aria-label': 'Nations by communities' });
  table.append(h('tr', {}, h('th', { scope: 'col' }, 'Nation'), ...comms.map((c) => h('th', { scope: 'col' }, c))));
  for (const st of status.data) {
    const row = h('tr', {}, h('th', { scope: 'row' }, st.nation));
    for (const c of comms) {
      const inC = st.communities.find((x) => x.community === c);
      if (!inC) row.append(h('td', {}, '—'));
      else if (inC.eligible) {
        const l = lapsing(st.nation, c);
        row.append(h('td', { class: 'elig', 'data-eligible': c }, 'eligible',
          l.length ? h('span', { 'data-lapsing': c }, ' · lapsing soon: ' + l.map((s) => s.control + ' ' + s.expiresOn).join(', ')) : null));
      }
      else row.append(h('td', { class: 'blocked', 'data-blocked': c }, 'blocked: ' + inC.blockingControls.map((b) => b.control + ' ' + b.status).join(', ')));
    }
    table.append(row);
  }
  const nation = h('select', { id: 'wi-nation', name: 'nation' }, ...nations.map((n) => h('option', { value: n.code }, n.code + ' ' + n.name)));
  const comm = h('select', { id: 'wi-community', name: 'community' }, ...comms.map((c) => h('option', { value: c }, c)));
  const out = h('div', { id: 'whatif-result', 'aria-live': 'polite' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const r = await api('POST', '/api/v1/alliance/what-if', { admit: nation.value, to: comm.value });
    if (!r.ok) { out.replaceChildren(message(problemText(r), 'bad')); return; }
    out.replaceChildren(...whatIf(r.data, nation.value, comm.value));
  } }, h('label', { for: 'wi-nation' }, 'Admit nation'), nation, h('label', { for: 'wi-community' }, 'to community'), comm,
  h('button', { type: 'submit' }, 'What if?'));
  const controls = h('table', { 'aria-label': 'Controls' }, h('tr', {}, h('th', { scope: 'col' }, 'Control'), h('th', { scope: 'col' }, 'Requirement')),
    ...Object.values(a.controls).map((c) => h('tr', {}, h('td', {}, c.id), h('td', {}, c.requirement))));
  const assessments = h('table', { 'aria-label': 'Assessments' },
    h('tr', {}, ...['Nation', 'Control', 'Status', 'Assessed', 'Expires'].map((x) => h('th', { scope: 'col' }, x))),
    ...(a.assessments || []).map((s) => h('tr', {}, h('td', {}, s.nation), h('td', {}, s.control), h('td', {}, s.status),
      h('td', {}, s.assessedOn || ''), h('td', {}, s.expiresOn || ''))));
  show(h('h1', {}, 'Alliance'), h('h2', {}, 'Eligibility'), table, h('h2', {}, 'What if'), form, out,
    h('h2', {}, 'Controls'), controls, h('h2', {}, 'Assessments'), assessments);
}

function whatIf(res, nation, comm) {
  const nodes = [h('p', { 'data-whatif': res.eligible ? 'eligible' : 'blocked', class: res.eligible ? 'ok' : 'bad' },
    'Admitting ' + nation + ' to ' + comm + ': ' + (res.eligible ? 'eligible' : 'blocked'))];
  if (res.blockingControls.length) {
    nodes.push(h('ul', {}, ...res.blockingControls.map((b) => h('li', { 'data-blocker': b.control }, b.control + ': ' + b.status))));
  }
  const counts = {};
  for (const p of res.gained.portions) counts[p.classification] = (counts[p.classification] || 0) + 1;
  nodes.push(h('p', { 'data-gained': res.gained.count }, 'Portions gained: ' + res.gained.count));
  const max = Math.max(1, ...Object.values(counts));
  const chart = h('table', { 'aria-label': 'Portions gained per classification' },
    h('tr', {}, h('th', { scope: 'col' }, 'Classification'), h('th', { scope: 'col' }, 'Portions')));
  for (const [cls, n] of Object.entries(counts)) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = (n / max * 12) + 'rem';
    chart.append(h('tr', {}, h('td', {}, cls), h('td', { 'data-count': cls }, bar, ' ' + n)));
  }
  nodes.push(chart);
  return nodes;
}

// ---- audit: checkpoint and receipts verified here, in the browser

const enc = new TextEncoder();
const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const concat = (...parts) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } return out; };
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const hex = (a) => Array.from(a, (x) => x.toString(16).padStart(2, '0')).join('');

/** Verifies a C2SP signed note with an Ed25519 verifier key name+hexid+base64(0x01||key); returns its text. */
async function verifyNote(note, vkey) {
  const [name, idHex, ...rest] = vkey.trim().split('+'); // a name has no '+'; base64 may
  const keyB64 = rest.join('+');
  const raw = b64(keyB64);
  if (raw[0] !== 1 || raw.length !== 33) throw new Error('not an Ed25519 verifier key');
  const keyId = (await sha256(concat(enc.encode(name), Uint8Array.of(0x0a), raw))).slice(0, 4);
  if (hex(keyId) !== idHex) throw new Error('the verifier key id does not match its key');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('no signature in the checkpoint');
  const text = note.slice(0, split + 1);
  const key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  for (const line of note.slice(split + 2).split('\n')) {
    if (!line.startsWith('\u2014 ')) continue;
    const sp = line.lastIndexOf(' ');
    if (line.slice(2, sp) !== name) continue;
    const sig = b64(line.slice(sp + 1));
    if (!equal(sig.slice(0, 4), keyId)) continue;
    if (await crypto.subtle.verify({ name: 'Ed25519' }, key, sig.slice(4), enc.encode(text))) return text;
    throw new Error('the checkpoint signature does not verify');
  }
  throw new Error('the checkpoint carries no signature by ' + name);
}

/** RFC 9162 2.1.3.2: the root an inclusion proof leads to from a leaf hash. */
async function rootFromInclusion(index, size, leafHash, proof) {
  if (index >= size) throw new Error('the index is beyond the tree');
  let fn = index; let sn = size - 1; let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new Error('the proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(Uint8Array.of(1), p, r));
      if (fn % 2 === 0) { while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } }
    } else {
      r = await sha256(concat(Uint8Array.of(1), r, p));
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('the proof is too short');
  return r;
}

async function verifyReceipt(receipt) {
  const [note, key] = await Promise.all([api('GET', '/api/v1/audit/checkpoint'), api('GET', '/api/v1/audit/key')]);
  if (!note.ok || !key.ok) throw new Error('the checkpoint or key could not be read');
  const text = await verifyNote(note.data, key.data);
  const [origin, sizeLine, rootB64] = text.split('\n');
  const size = Number(sizeLine);
  if (receipt.index >= size) throw new Error('entry ' + receipt.index + ' is not in the signed checkpoint yet (size ' + size + '); try again shortly');
  const proof = await api('GET', '/api/v1/audit/proof/inclusion?index=' + receipt.index + '&size=' + size);
  if (!proof.ok) throw new Error(problemText(proof));
  const root = await rootFromInclusion(receipt.index, size, b64(receipt.leafHash), proof.data.hashes.map(b64));
  if (!equal(root, b64(rootB64))) throw new Error('the inclusion proof does not lead to the signed root');
  return { origin, size };
}

function parseReceipt(s) {
  s = s.trim();
  if (s.startsWith('{')) {
    const j = JSON.parse(s);
    return { index: Number(j.index), leafHash: j.leafHash || j.leaf };
  }
  const m = s.match(/(\d+)\s*[\s,:]\s*([A-Za-z0-9+/=]{40,})/);
  if (!m) throw new Error('a receipt is the entry index and its leaf hash (base64)');
  return { index: Number(m[1]), leafHash: m[2] };
}

async function auditPage() {
  const cp = await api('GET', '/api/v1/audit/checkpoint');
  const size = cp.ok ? Number(String(cp.data).split('\n')[1]) : NaN;
  const box = h('textarea', { id: 'receipt', name: 'receipt', spellcheck: 'false' });
  const last = sessionStorage.getItem(RECEIPT);
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    result.replaceChildren(message('Verifying…'));
    try {
      const v = await verifyReceipt(parseReceipt(box.value));
      result.replaceChildren(h('p', { class: 'ok', 'data-verified': 'true' },
        'Verified: the entry is in the log ' + v.origin + ' of size ' + v.size + ', signed checkpoint checked in this browser.'));
    } catch (err) {
      result.replaceChildren(h('p', { class: 'bad', 'data-verified': 'false', role: 'alert' }, 'Not verified: ' + err.message));
    }
  } }, h('label', { for: 'receipt' }, 'Receipt (index and leaf hash, or JSON)'), box,
  last ? h('button', { type: 'button', onclick: () => { const r = JSON.parse(last); box.value = r.index + ' ' + r.leafHash; } }, 'Use my last receipt') : null,
  h('button', { type: 'submit' }, 'Verify'));
  const entryBox = h('input', { type: 'text', id: 'entry', name: 'entry', inputmode: 'numeric' });
  const entryOut = h('div', {});
  const entries = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const n = encodeURIComponent(entryBox.value.trim());
    const [en, op] = await Promise.all([api('GET', '/api/v1/audit/entries/' + n), api('GET', '/api/v1/audit/entries/' + n + '/openings')]);
    entryOut.replaceChildren(en.ok ? h('pre', {}, JSON.stringify(en.data, null, 2)) : message(problemText(en), 'bad'),
      op.ok ? h('pre', {}, JSON.stringify(op.data, null, 2)) : message(problemText(op), 'bad'));
  } }, h('label', { for: 'entry' }, 'Entry index'), entryBox, h('button', { type: 'submit' }, 'Show entry and openings'));
  show(h('h1', {}, 'Audit log'), h('h2', {}, 'Current checkpoint'),
    cp.ok ? h('pre', { 'data-checkpoint': size }, cp.data) : message(problemText(cp), 'bad'),
    h('p', {}, 'Entries in the log: ' + size),
    h('h2', {}, 'Check a receipt'), form, result,
    me && me.roles.includes('auditor') ? h('div', {}, h('h2', {}, 'Entries'), entries, entryOut) : null);
}


// ---- release: ask (analysts), the queue and the decision (disclosure officers)

function findings(list) {
  if (!list || !list.length) return h('p', { class: 'ok' }, 'The guard found nothing.');
  return h('ul', { class: 'errors', 'aria-label': 'Guard findings' }, ...list.map((f) => h('li', { 'data-finding': f.check },
    f.check + (f.portion !== undefined ? ' in portion ' + f.portion : '') + ': ' + f.message + (f.evidence ? ' (' + f.evidence + ')' : ''))));
}

async function releasePage(id) {
  const r = await api('GET', '/api/v1/reports/' + encodeURIComponent(id));
  if (!r.ok) { show(message(problemText(r), 'bad')); return; }
  const rep = r.data;
  const boxes = rep.portions.map((p) => {
    const cb = h('input', { type: 'checkbox', id: 'rp' + p.index, name: 'portion', value: p.index });
    return { p, cb, row: h('div', { class: 'portion' }, cb, h('label', { for: 'rp' + p.index }, p.marking + ' ' + p.text)) };
  });
  const to = h('input', { type: 'text', id: 'rel-to', name: 'to', placeholder: 'JPN, PHL', autocomplete: 'off' });
  const why = h('textarea', { id: 'rel-why', name: 'justification' });
  const repPortion = h('input', { type: 'text', id: 'rel-rp', name: 'replacementPortion', inputmode: 'numeric' });
  const repMarking = h('input', { type: 'text', id: 'rel-rm', name: 'replacementMarking' });
  const repText = h('textarea', { id: 'rel-rt', name: 'replacementText' });
  const out = h('div', { 'aria-live': 'polite' });
  const request = () => {
    const body = { reportId: rep.id, to: to.value.split(/[\s,]+/).filter(Boolean).map((x) => x.toUpperCase()),
      portions: boxes.filter((b) => b.cb.checked).map((b) => b.p.index), justification: why.value };
    if (repText.value.trim()) body.replacements = [{ portion: Number(repPortion.value), marking: repMarking.value, text: repText.value }];
    return body;
  };
  // a dry run: the errors the request would get, else the guard's findings; nothing is stored
  const checkFirst = async () => {
    const res = await api('POST', '/api/v1/disclosures/check', request());
    if (!res.ok) { out.replaceChildren(message(problemText(res), 'bad')); return; }
    const c = res.data;
    out.replaceChildren(h('h2', {}, 'Before sending'),
      c.errors.length ? h('ul', { class: 'errors', 'aria-label': 'Errors' }, ...c.errors.map((x) => h('li', { 'data-error': x.rule },
        (x.field ? x.field + ': ' : '') + x.message))) : null,
      c.ok ? findings(c.findings) : message('The request cannot be sent as it is.', 'bad'));
    out.setAttribute('data-checked', c.ok ? 'ok' : 'errors');
    out.scrollIntoView({ block: 'nearest' });
  };
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/v1/disclosures', request());
    if (res.status === 404 && !(res.data && res.data.rule)) { out.replaceChildren(message('Release requests are not available on this server.', 'bad')); return; }
    if (!res.ok) { out.replaceChildren(message(problemText(res), 'bad'), findings(res.data && res.data.findings)); return; }
    location.hash = '#/request/' + res.data.id;
  } }, h('fieldset', {}, h('legend', {}, 'Portions to release'), ...boxes.map((b) => b.row)),
  h('label', { for: 'rel-to' }, 'To nations'), to, h('label', { for: 'rel-why' }, 'Justification'), why,
  h('fieldset', {}, h('legend', {}, 'Replacement (tearline text) for a portion that cannot go as written'),
    h('label', { for: 'rel-rp' }, 'Portion number'), repPortion, h('label', { for: 'rel-rm' }, 'Replacement marking'), repMarking,
    h('label', { for: 'rel-rt' }, 'Replacement text'), repText),
  h('button', { type: 'button', onclick: checkFirst }, 'Check before sending'),
  h('button', { type: 'submit' }, 'Ask for release'));
  show(banner(rep.banner), h('h1', {}, 'Ask for release'), h('p', {}, rep.title ? rep.title.text : rep.id), form, out);
}

async function queuePage() {
  const r = await api('GET', '/api/v1/disclosures?status=');
  if (!r.ok) { show(h('h1', {}, 'Disclosure queue'), message(r.status === 404 ? 'Release requests are not available on this server.' : problemText(r), 'bad')); return; }
  const items = Array.isArray(r.data) ? r.data : (r.data.disclosures || []);
  const list = h('ul', {}, ...items.map((d) => h('li', { 'data-request': d.id },
    h('a', { href: '#/request/' + d.id }, 'Request ' + d.id), ' · report ' + d.reportId + ' · portions ' + d.portions.join(', ')
    + ' · to ' + d.to.join(', ') + ' · ' + d.requester + ' · ', h('span', { 'data-status': d.status }, d.status))));
  show(h('h1', {}, 'Disclosure queue'), items.length ? list : message('Nothing waiting.'));
}

async function requestPage(id) {
  const r = await api('GET', '/api/v1/disclosures/' + encodeURIComponent(id));
  if (!r.ok) { show(message(problemText(r), 'bad')); return; }
  const d = r.data;
  const nodes = [h('h1', {}, 'Release request ' + d.id),
    h('p', {}, 'Report ', h('a', { href: '#/report/' + d.reportId }, d.reportId), ' · portions ' + d.portions.join(', ') + ' · to ' + d.to.join(', ')
      + ' · asked by ' + d.requester + ' · status ', h('strong', { 'data-status': d.status }, d.status)),
    d.justification ? h('p', {}, 'Justification: ' + d.justification) : null,
    h('h2', {}, 'Guard findings'), findings(d.findings)];
  if (me.roles.includes('disclosure-officer') && me.name !== d.requester) {
    const [full, ...previews] = await Promise.all([api('GET', '/api/v1/reports/' + encodeURIComponent(d.reportId)),
      ...d.to.map((n) => api('GET', '/api/v1/reports/' + encodeURIComponent(d.reportId) + '/tearline?for=' + encodeURIComponent(n)))]);
    const side = h('div', { class: 'side' });
    previews.forEach((p, i) => side.append(h('section', { 'aria-label': 'Tearline for ' + d.to[i] }, h('h2', {}, 'What ' + d.to[i] + ' would get'),
      p.ok ? [banner(p.data.banner), ...p.data.portions.map(portion), ...(p.data.withheld || []).map((w) => h('p', { class: 'muted' },
        'Withheld ' + w.index + ' ' + w.marking + ': ' + w.reasons.map((x) => x.code).join(', ')))] : message(problemText(p), 'bad'))));
    side.append(h('section', { 'aria-label': 'Full report' }, h('h2', {}, 'The full report'),
      full.ok ? [banner(full.data.banner), ...full.data.portions.map(portion)] : message(problemText(full), 'bad')));
    const reason = h('textarea', { id: 'decision-reason', name: 'reason' });
    const out = h('div', { 'aria-live': 'polite' });
    const act = (verb) => async () => {
      const res = await api('POST', '/api/v1/disclosures/' + encodeURIComponent(d.id) + '/' + verb, { reason: reason.value });
      if (!res.ok) { out.replaceChildren(message(problemText(res), 'bad'), findings(res.data && res.data.findings)); return; }
      route();
    };
    nodes.push(side, h('label', { for: 'decision-reason' }, 'Reason'), reason,
      h('p', {}, h('button', { type: 'button', onclick: act('consent') }, 'Consent (originator)'),
        h('button', { type: 'button', onclick: act('approve') }, 'Approve'), h('button', { type: 'button', onclick: act('deny') }, 'Deny')), out);
  }
  show(...nodes);
}

// ---- routing

async function route() {
  if (location.search && new URLSearchParams(location.search).has('state')) {
    const problem = await finishLogin();
    if (!problem && await loadMe()) { location.hash = '#/search'; return; }
    sessionStorage.removeItem(TOKEN);
    await signInPage(problem || 'That token was refused.');
    $('main').setAttribute('data-ready', '#/signin');
    return;
  }
  const hash = location.hash || '#/search';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  if (!me && !(await loadMe())) {
    if (path !== '/signin') { location.hash = '#/signin'; return; }
    await signInPage();
    $('main').setAttribute('data-ready', hash);
    return;
  }
  demo = sessionStorage.getItem(DEMO) === '1';
  renderFrame();
  const parts = path.split('/').filter(Boolean);
  try {
    switch (parts[0]) {
      case 'signin': await signInPage(); break;
      case 'report': await reportPage(parts[1], params); break;
      case 'write': await writePage(parts[1]); break;
      case 'alliance': await alliancePage(); break;
      case 'audit': await auditPage(); break;
      case 'release': await releasePage(parts[1]); break;
      case 'queue': await queuePage(); break;
      case 'request': await requestPage(parts[1]); break;
      default: await searchPage(params);
    }
  } catch (e) {
    show(message(e.message, 'bad'));
  }
  $('main').setAttribute('data-ready', hash);
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', route);
