import { h, icon, linkified, titledIcon } from './dom.js';

/**
 * The status icon names by WhatsApp's ack number (0 clock, 1 sent, 2 delivered), in the message
 * bubble and in the chat list's preview, for each markup; `drifted`: what a WhatsApp update that
 * renamed them would draw (the marker-drift fault), names no marker pack knows.
 */
const STATUS_ICONS = {
  legacy: {
    bubble: ['msg-time', 'msg-check', 'msg-dblcheck'],
    list: ['status-time', 'status-check', 'status-dblcheck'],
    drifted: ['msg-clock-v2', 'msg-tick-v2', 'msg-ticks-v2'],
  },
  2026: {
    bubble: ['wds-ic-msg-time', 'wds-ic-msg-check', 'wds-ic-msg-dblcheck'],
    list: ['wds-ic-msg-time', 'wds-ic-msg-check', 'wds-ic-msg-dblcheck'],
    drifted: ['wds-ic-msg-clock-v2', 'wds-ic-msg-tick-v2', 'wds-ic-msg-ticks-v2'],
  },
};
const STATUS_LABELS = ['statusPending', 'statusSent', 'statusDelivered'];

export function newChatsModel() {
  return {
    active: null,
    drafts: new Map(),
    /**
     * { id, chat, text, ack, at, posted, stored }: posted once the server has it, stored while
     * the page's outbox in IndexedDB keeps it (until the server acknowledges it).
     */
    outgoing: [],
    /** The photo message's download: idle, loading, ok (with url) or failed. */
    photo: { state: 'idle', url: null },
    /** The chat list as the server sends it ({ id, title, incoming }); null: the fixture chats. */
    chatList: null,
  };
}

/** Takes in the server's view of sent messages; says whether any was new to this page. */
export function mergeMessages(model, messages) {
  let added = false;
  for (const message of messages) {
    const known = model.outgoing.find((candidate) => candidate.id === message.id);
    if (known) {
      known.ack = Math.max(known.ack, message.ack);
      known.posted = true;
    } else {
      model.outgoing.push({ ...message, posted: true });
      added = true;
    }
  }
  model.outgoing.sort((a, b) => a.at - b.at);
  return added;
}

export function applyAck(model, ack) {
  const message = model.outgoing.find((candidate) => candidate.id === ack.id);
  if (message) message.ack = Math.max(message.ack, ack.ack);
  return message;
}

/** The media transfer: a failed one leaves the `media-refresh` retry button in the bubble. */
export async function downloadPhoto(model, file, changed) {
  model.photo = { state: 'loading', url: null };
  changed();
  try {
    const response = await fetch(`/media/${file}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`media download failed: ${response.status}`);
    model.photo = { state: 'ok', url: URL.createObjectURL(await response.blob()) };
  } catch {
    model.photo = { state: 'failed', url: null };
  }
  changed();
}

/**
 * The logged-in screen: `#pane-side` with the chat list and, once a chat is open, `#main` with
 * its messages and the compose box. The "Computer not connected" banner is added only while
 * shown, because the probe looks for its icon, not for its visibility.
 */
export function chatsScreen(ctx) {
  const model = ctx.models.chats;
  const contacts = ctx.config.contacts;
  const legacy = ctx.config.markup === 'legacy';
  /** A message's status icon in the markup being served. */
  const statusIcon = (ack, place) => {
    const names = STATUS_ICONS[ctx.config.markup];
    const name = ctx.markerDrift ? names.drifted[ack] : names[place][ack];
    return legacy ? icon(name) : titledIcon(name, ctx.t(STATUS_LABELS[ack]));
  };
  let repaintPhoto = null;
  /** Each chat row's preview, repainted as its last outgoing message is sent and acknowledged. */
  const previews = new Map();
  let rows = listedChats();
  const list = h('div', { role: 'list', 'aria-label': ctx.t('chatList') }, rows.map(chatRow));
  const pane = h('div', { id: 'pane-side' }, list);
  const banner = h(
    'div',
    { class: 'banner', role: 'alert' },
    icon('alert-computer'),
    h('div', {}, h('div', { class: 'banner-title' }, ctx.t('offlineTitle')), h('div', { class: 'banner-hint' }, ctx.t('offlineHint'))),
  );
  // 2026: the banner's container is always in the page, at zero height while there is nothing to
  // say (its icon inside); the old markup added the banner only while shown.
  const bannerSlot = legacy ? null : h('div', { class: 'banner-slot' }, banner);
  const side = h('div', { id: 'side' }, h('header', {}, ctx.t('chats')), bannerSlot, pane);
  const contact = rows.find((candidate) => candidate.id === model.active);
  const conversation = contact ? conversationPane(contact) : null;

  function bannerChanged() {
    if (bannerSlot) bannerSlot.classList.toggle('shown', ctx.bannerShown);
    else if (ctx.bannerShown) side.insertBefore(banner, pane);
    else banner.remove();
  }
  bannerChanged();

  /**
   * The chats the list shows, as the server's address book says (see address-book.ts): the
   * fixture chats with their localized names unless renamed, then a few others.
   */
  function listedChats() {
    const entries = model.chatList ?? contacts.map((fixture) => ({ id: fixture.id, title: null, incoming: [] }));
    const same = (text) => ({ en: text, zh: text });
    return entries.map((entry) => {
      const fixture = contacts.find((candidate) => candidate.id === entry.id);
      const received = entry.incoming.map(same);
      if (!fixture) return { id: entry.id, name: same(entry.title ?? entry.id), incoming: received, received };
      return {
        ...fixture,
        name: entry.title === null ? fixture.name : same(entry.title),
        incoming: [...fixture.incoming, ...received],
        received,
      };
    });
  }

  /**
   * Rows carry WhatsApp's markers, whatever the language: `role="listitem"` in `#pane-side` and
   * the name in a `span[title]`; the old markup also had the chat's id in `data-id` (2026 keeps
   * it only in React's key). `data-chat` is the simulator's own handle for tests.
   */
  function chatRow(row) {
    const open = () => {
      model.active = row.id;
      ctx.rerender();
    };
    const name = row.name[ctx.lang];
    return h(
      'div',
      {
        role: 'listitem',
        tabindex: 0,
        class: row.id === model.active ? 'chat selected' : 'chat',
        'data-chat': row.id,
        'data-id': legacy ? row.id : null,
        onclick: open,
        onkeydown: (event) => event.key === 'Enter' && open(),
      },
      h('div', { class: 'avatar' }, name.slice(0, 1)),
      h('div', { class: 'chat-text' }, h('span', { class: 'chat-name', title: name, dir: 'auto' }, name), previewOf(row)),
    );
  }

  function previewOf(row) {
    const element = h('div', { class: 'chat-preview' });
    previews.set(row.id, element);
    paintPreview(row.id);
    return element;
  }

  /** Real WhatsApp's chat list shows the last outgoing message's status: a clock while pending. */
  function paintPreview(chatId) {
    const row = rows.find((candidate) => candidate.id === chatId);
    const element = previews.get(chatId);
    if (!row || !element) return;
    const sent = model.outgoing.filter((message) => message.chat === chatId).at(-1);
    if (sent) element.replaceChildren(statusIcon(sent.ack, 'list'), h('span', { class: 'preview-text' }, sent.text));
    else if (row.received.length > 0) element.replaceChildren(row.received.at(-1)[ctx.lang]);
    else element.replaceChildren(row.photo ? ctx.t('photo') : (row.incoming.at(-1)?.[ctx.lang] ?? ''));
  }

  /** The server's chat list changed (a rename, a new message): the rows are drawn again. */
  function chatListChanged() {
    rows = listedChats();
    previews.clear();
    list.replaceChildren(...rows.map(chatRow));
  }

  function conversationPane(chat) {
    const messages = h(
      'div',
      { class: 'messages' },
      chat.incoming.map((text, index) => incomingBubble(chat, index, text[ctx.lang])),
      chat.photo && photoBubble(chat),
      model.outgoing.filter((message) => message.chat === chat.id).map(outgoingBubble),
    );
    const compose = h('div', {
      contenteditable: 'true',
      role: 'textbox',
      class: 'compose',
      'aria-label': ctx.t('compose'),
      'data-placeholder': ctx.t('compose'),
      oninput: () => model.drafts.set(chat.id, compose.textContent),
      onkeydown: (event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          send();
        }
      },
    });
    compose.textContent = model.drafts.get(chat.id) ?? '';
    // A chat opened by a `/send` link takes the keyboard, as WhatsApp's does: Enter sends the draft.
    if (model.focusCompose) {
      model.focusCompose = false;
      queueMicrotask(() => compose.focus());
    }

    function send() {
      const text = compose.textContent.trim();
      if (!text) return;
      compose.textContent = '';
      model.drafts.delete(chat.id);
      messages.append(outgoingBubble(ctx.sendMessage(chat.id, text)));
      paintPreview(chat.id);
      messages.scrollTop = messages.scrollHeight;
    }

    return h(
      'div',
      { id: 'main' },
      h(
        'header',
        {},
        h('div', { class: 'avatar' }, chat.name[ctx.lang].slice(0, 1)),
        h('div', { class: 'chat-name' }, chat.name[ctx.lang]),
      ),
      messages,
      h('footer', {}, compose, h('button', { type: 'button', class: 'send', 'aria-label': ctx.t('send'), onclick: send }, icon('send'))),
    );
  }

  function photoBubble(chat) {
    const photoBox = h('div', { class: `${legacy ? 'message-in' : 'row-in'} media`, 'data-id': `false_${chat.id}_3A00000000000MEDIA` });
    const paint = () => {
      const { state, url } = model.photo;
      const content =
        state === 'ok'
          ? h('img', { src: url, alt: ctx.t('photo') })
          : state === 'failed'
            ? h(
                'button',
                { type: 'button', class: 'media-retry', onclick: () => downloadPhoto(model, chat.photo.file, ctx.photoChanged) },
                icon('media-refresh'),
                h('span', {}, ctx.t('mediaRetry')),
              )
            : h('div', { class: 'media-loading' }, h('div', { class: 'spinner' }), ctx.t('mediaDownloading'));
      photoBox.replaceChildren(h('div', { class: 'bubble' }, content, h('div', { class: 'caption' }, chat.photo.caption[ctx.lang])));
    };
    repaintPhoto = paint;
    paint();
    // WhatsApp downloads photos when their chat opens; a failed one waits for a click on retry.
    if (model.photo.state === 'idle') downloadPhoto(model, chat.photo.file, ctx.photoChanged);
    return photoBox;
  }

  return {
    element: h('div', { class: 'chats' }, side, conversation ?? h('div', { class: 'intro' }, ctx.t('selectChat'))),
    bannerChanged,
    chatListChanged,
    photoChanged: () => repaintPhoto?.(),
    acked(message) {
      const bubble = conversation?.querySelector(`[data-id="true_${message.chat}_${message.id}"]`);
      bubble?.querySelector('.status')?.replaceChildren(statusIcon(message.ack, 'bubble'));
      paintPreview(message.chat);
    },
    /** The status icons were renamed (or named back): everything is drawn again. */
    markersChanged: () => ctx.rerender(),
  };

  /** Incoming rows: `message-in` in the old markup; 2026 rows carry no such class, only data-id. */
  function incomingBubble(chat, index, text) {
    const id = `3A${String(index).padStart(16, '0')}`;
    return h(
      'div',
      { class: legacy ? 'message-in' : 'row-in', 'data-id': `false_${chat.id}_${id}` },
      h('div', { class: 'bubble' }, h('span', { class: 'text' }, linkified(text))),
    );
  }

  /** Outgoing rows: `message-out` in the old markup (gone in 2026); data-id `true_…` in both. */
  function outgoingBubble(message) {
    const time = new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return h(
      'div',
      { class: legacy ? 'message-out' : 'row-out', 'data-id': `true_${message.chat}_${message.id}` },
      h(
        'div',
        { class: 'bubble' },
        // `selectable-text` as WhatsApp marks a message's text (the kiosk's chat reader reads it).
        h('span', { class: 'text selectable-text copyable-text' }, message.text),
        h('span', { class: 'meta' }, time, h('span', { class: 'status' }, statusIcon(message.ack, 'bubble'))),
      ),
    );
  }
}
