import { h, randomHex } from './dom.js';
import { applyAck, chatsScreen, mergeMessages, newChatsModel } from './chats.js';
import { deleteLoginKeys, readLoginKeys, saveLoginKeys } from './keys.js';
import { createModelStorage } from './model-storage.js';
import { crash, hang } from './page-faults.js';
import { newPairingModel, pairingScreen } from './pairing.js';
import { clearPending, dropPending, readPending, savePending } from './pending.js';
import { createSocket } from './socket.js';

/**
 * The simulated WhatsApp Web page: loading, then pairing or chats depending on the login keys in
 * IndexedDB and on what the server says over the socket.
 */
const config = JSON.parse(document.getElementById('sim-config').textContent);
const root = document.getElementById('app');

const page = {
  lang: config.lang,
  screen: 'loading',
  view: null,
  loginKey: null,
  /** The server unlinked this page: WhatsApp reports UNPAIRED until it is linked again. */
  loggedOut: false,
  bannerShown: false,
  /** WhatsApp was opened in another window: "Use here" (socket state CONFLICT). */
  conflict: false,
  /** The account is banned (socket state TOS_BLOCK). */
  blocked: false,
  /** The status icons carry names of a newer WhatsApp build (the marker-drift fault). */
  markerDrift: config.buildMovesMarker === true,
};
/** What `window.Debug.VERSION` says once booted, as WhatsApp's build does. */
const BUILD = config.build;
/** What the grow-heap control made the page keep: a leak, measurable in the JavaScript heap. */
const leaked = [];
const models = { pairing: newPairingModel(), chats: newChatsModel() };
let bannerTimer;

const clientId = randomHex(16);
const socket = createSocket({
  clientId,
  loginKey: () => page.loginKey,
  onMessage: (message) => ON_MESSAGE[message.type]?.(message),
  onChange: connectionChanged,
});

/** The address book in IndexedDB "model-storage", once logged in. */
const storage = createModelStorage({ enabled: config.modelStorage, clientId });

/** What views may use: text, state, and the few actions that cross screens. */
const ctx = {
  config,
  models,
  socket,
  get lang() {
    return page.lang;
  },
  get bannerShown() {
    return page.bannerShown;
  },
  get markerDrift() {
    return page.markerDrift;
  },
  t(key, vars = {}) {
    return config.strings[page.lang][key].replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? '');
  },
  rerender: () => render(),
  photoChanged: () => page.view?.photoChanged?.(),
  sendMessage(chat, text) {
    const message = { id: `3EB0${randomHex(8).toUpperCase()}`, chat, text, ack: 0, at: Date.now(), posted: false, stored: true };
    models.chats.outgoing.push(message);
    // Into the outbox first: a reload before the server acknowledges it must not lose it.
    savePending(message).catch(() => {});
    post(message);
    return message;
  },
};

const SCREENS = { loading: loadingScreen, pairing: pairingScreen, chats: chatsScreen, conflict: conflictScreen, blocked: blockedScreen };

const ON_MESSAGE = {
  hello(message) {
    if (!config.langPinned) setLang(message.lang);
    if (!message.paired) {
      // Keys the server does not know belong to an unlinked device.
      if (page.loginKey) logOut();
      return;
    }
    addressBook(message.addressBook);
    if (mergeMessages(models.chats, message.messages) && page.screen === 'chats') ctx.rerender();
    for (const sent of models.chats.outgoing) {
      settle(sent);
      if (!sent.posted) post(sent);
      else page.view?.acked?.(sent);
    }
  },
  qr({ ref, image }) {
    Object.assign(models.pairing, { qr: { ref, image }, expired: false });
    page.view?.qrChanged?.();
  },
  'qr-expired'() {
    models.pairing.expired = true;
    page.view?.qrChanged?.();
  },
  'qr-unavailable'() {
    Object.assign(models.pairing, { qr: null, expired: false });
    page.view?.qrChanged?.();
  },
  async paired({ key }) {
    // Known before it is stored, so that a reconnect meanwhile already presents it.
    Object.assign(page, { loginKey: key, loggedOut: false });
    await saveLoginKeys({ key, pairedAt: Date.now() });
    // Like WhatsApp, the model cache exists from the login on; the initial sync then fills it.
    await storage.create().catch(() => {});
    models.pairing = newPairingModel();
    enter('chats');
  },
  logout: logOut,
  'address-book': addressBook,
  ack(message) {
    const known = applyAck(models.chats, message);
    if (!known) return;
    settle(known);
    page.view?.acked?.(known);
  },
  lang({ lang }) {
    if (!config.langPinned) setLang(lang);
  },
  reload: () => location.reload(),
  crash,
  hang,
  conflict({ on }) {
    page.conflict = on;
    render();
  },
  blocked({ on }) {
    page.blocked = on;
    render();
  },
  'marker-drift'({ on }) {
    page.markerDrift = on || config.buildMovesMarker === true;
    page.view?.markersChanged?.();
  },
  'grow-heap'({ mb }) {
    // Arrays of doubles live on the JavaScript heap (a typed array's buffer would not): 1 MB each.
    for (let i = 0; i < mb; i++) leaked.push(new Array(131_072).fill(i + 0.5));
  },
};

async function logOut() {
  await Promise.all([deleteLoginKeys(), clearPending().catch(() => {})]);
  Object.assign(page, { loginKey: null, loggedOut: true });
  models.chats = newChatsModel();
  enter('pairing');
  // The chats are off screen before the model cache goes, as when WhatsApp logs out.
  await storage.drop();
}

/**
 * The server's address book: its revision (the page syncs "model-storage" unless its copy is
 * current), the chat list to show, and, after a change, the changed records.
 */
function addressBook({ revision, chatList, changes }) {
  if (JSON.stringify(chatList) !== JSON.stringify(models.chats.chatList)) {
    models.chats.chatList = chatList;
    page.view?.chatListChanged?.();
  }
  if (changes) storage.apply(revision, changes);
  else storage.sync(revision);
}

/** Acknowledged by the server (one tick or more): the outbox lets go of it. */
function settle(message) {
  if (!message.stored || message.ack < 1) return;
  message.stored = false;
  dropPending(message.id).catch(() => {});
}

/** The outbox survives reloads: its messages show with the clock and go out once connected. */
async function restorePending() {
  const pending = await readPending().catch(() => []);
  for (const saved of pending) {
    if (models.chats.outgoing.some((known) => known.id === saved.id)) continue;
    models.chats.outgoing.push({ ...saved, ack: 0, posted: false, stored: true });
  }
  models.chats.outgoing.sort((a, b) => a.at - b.at);
}

function post(message) {
  if (socket.state !== 'CONNECTED') return;
  socket
    .send({ type: 'send', chat: message.chat, id: message.id, text: message.text })
    .then(() => {
      message.posted = true;
    })
    // Still pending: the next hello resends it.
    .catch(() => {});
}

function show(screen) {
  page.screen = screen;
  render();
}

/** A ban or another window's takeover covers whatever the page showed, as WhatsApp's own screens do. */
function render() {
  const shown = page.screen === 'loading' ? 'loading' : page.blocked ? 'blocked' : page.conflict ? 'conflict' : page.screen;
  page.view = SCREENS[shown](ctx);
  root.replaceChildren(page.view.element);
}

/** Screen changes wait for the loading screen to end; boot() then picks the right one. */
function enter(screen) {
  if (page.screen !== 'loading') show(screen);
}

function setLang(lang) {
  if (lang === page.lang) return;
  page.lang = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  render();
}

/** "Computer not connected" appears once the socket has been down for a while, not at each blip. */
function connectionChanged() {
  if (socket.state === 'CONNECTED') {
    clearTimeout(bannerTimer);
    bannerTimer = undefined;
    setBanner(false);
  } else if (bannerTimer === undefined && !page.bannerShown) {
    bannerTimer = setTimeout(() => {
      bannerTimer = undefined;
      setBanner(true);
    }, config.offlineBannerMs);
  }
}

function setBanner(shown) {
  page.bannerShown = shown;
  page.view?.bannerChanged?.();
}

function loadingScreen() {
  return {
    element: h(
      'div',
      { class: 'loading' },
      h('div', { class: 'brand' }, ctx.t('title')),
      h('progress', { max: 100 }),
      h('div', { class: 'loading-hint' }, ctx.t('loading')),
    ),
  };
}

/** "WhatsApp is open in another window": the agent (never the kiosk) takes it back with "Use here". */
function conflictScreen() {
  const useHere = () => socket.send({ type: 'takeover' }).catch(() => {});
  return {
    element: h(
      'div',
      { class: 'blocking' },
      h(
        'div',
        { class: 'card' },
        h('p', {}, ctx.t('conflictText')),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'use-here', onclick: useHere }, ctx.t('useHere'))),
      ),
    ),
  };
}

function blockedScreen() {
  return {
    element: h(
      'div',
      { class: 'blocking' },
      h('div', { class: 'card' }, h('h1', {}, ctx.t('blockedTitle')), h('p', {}, ctx.t('blockedText'))),
    ),
  };
}

/**
 * The socket state the kiosk reads: window.require('WAWebSocketModel').Socket.state, with the
 * names of wa-js's SOCKET_STATE; the stream state (SOCKET_STREAM) apart from it.
 */
function socketState() {
  if (page.blocked) return 'TOS_BLOCK';
  if (page.conflict) return 'CONFLICT';
  if (page.loggedOut) return models.pairing.expired ? 'UNPAIRED_IDLE' : 'UNPAIRED';
  if (socket.state !== 'CONNECTED') return socket.state;
  if (page.screen === 'pairing') return models.pairing.expired ? 'UNPAIRED_IDLE' : 'UNPAIRED';
  return page.screen === 'chats' ? 'CONNECTED' : 'OPENING';
}

function streamState() {
  return socket.state === 'CONNECTED' && page.screen === 'chats' && !page.conflict && !page.blocked ? 'CONNECTED' : 'DISCONNECTED';
}

/** WhatsApp's message models (WAWebCollections.Msg): the outgoing messages with their ack, `t` in seconds. */
function messageModels() {
  return models.chats.outgoing.map((message) => ({
    id: { fromMe: true, remote: message.chat, id: message.id, _serialized: `true_${message.chat}_${message.id}` },
    ack: message.ack,
    t: Math.floor(message.at / 1000),
  }));
}

function exposeModules() {
  const modules = {
    WAWebSocketModel: {
      Socket: {
        get state() {
          return socketState();
        },
        get stream() {
          return streamState();
        },
      },
    },
    WAWebCollections: { Msg: { getModelsArray: messageModels } },
  };
  window.require = (name) => {
    if (!(name in modules)) throw new Error(`Cannot find module '${name}'`);
    return modules[name];
  };
}

async function boot() {
  const started = Date.now();
  exposeModules();
  navigator.serviceWorker?.register('/sw.js').catch(() => {});
  show('loading');
  connectionChanged();
  page.loginKey = (await readLoginKeys().catch(() => null))?.key ?? null;
  if (page.loginKey) await restorePending();
  // Logged out while the page was away (its keys deleted): the model cache goes too.
  else storage.drop().catch(() => {});
  socket.open();
  await new Promise((resolve) => setTimeout(resolve, config.loadingMs - (Date.now() - started)));
  show(page.loginKey ? 'chats' : 'pairing');
  window.Debug = { VERSION: BUILD };
  if (page.screen === 'chats' && location.pathname === '/send') openFromUrl(new URLSearchParams(location.search));
}

/**
 * `/send?phone=&text=`: the chat with that number opens with the text in the compose box; a
 * number WhatsApp does not know gets a dialog (translated text) and no chat panel.
 */
function openFromUrl(params) {
  const id = `${(params.get('phone') ?? '').replace(/\D/g, '')}@c.us`;
  const known = [...config.contacts.map((contact) => contact.id), ...(models.chats.chatList ?? []).map((entry) => entry.id)];
  if (!known.includes(id)) {
    const dialog = h(
      'div',
      { role: 'dialog', 'data-animate-modal-popup': 'true' },
      h('p', {}, ctx.t('invalidNumber')),
      h('button', { type: 'button', onclick: () => dialog.remove() }, ctx.t('ok')),
    );
    document.body.append(dialog);
    return;
  }
  models.chats.active = id;
  models.chats.drafts.set(id, params.get('text') ?? '');
  models.chats.focusCompose = true;
  render();
}

boot();
