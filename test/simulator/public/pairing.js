import { h, icon } from './dom.js';

/** 7 to 15 digits, the range of international numbers, once spaces and punctuation are gone. */
const PHONE = /^\+?\d{7,15}$/;

export function newPairingModel() {
  return {
    /** The QR code on screen ({ ref, image }); the last one stays as the ref after expiry. */
    qr: null,
    expired: false,
    /** 'qr', 'phone' (enter the number) or 'code' (show the pairing code). */
    mode: 'qr',
    phone: '',
    code: null,
    error: null,
  };
}

/**
 * The pairing screen. Its markers: `div[data-ref]` holding the QR payload and a `<canvas>`, a
 * spinner while no code is available, and a reload button once the page gave up: in 2026 a
 * button inside `div[data-ref] > span` (as whatsapp-web.js's QR_RETRY_BUTTON), in the old markup
 * one with the `refresh-large` icon. The socket state says it too: UNPAIRED_IDLE.
 */
export function pairingScreen(ctx) {
  const model = ctx.models.pairing;
  const qrBox = h('div', { class: 'qr', 'data-ref': '' });

  function fillQrBox() {
    qrBox.setAttribute('data-ref', model.qr?.ref ?? '');
    if (model.expired) {
      qrBox.replaceChildren(
        ctx.config.markup === 'legacy'
          ? h('button', { type: 'button', class: 'qr-reload', onclick: reloadQr }, icon('refresh-large'), h('span', {}, ctx.t('qrReload')))
          : h('span', {}, h('button', { type: 'button', class: 'qr-reload', onclick: reloadQr }, h('span', {}, ctx.t('qrReload')))),
      );
    } else if (model.qr) {
      qrBox.replaceChildren(qrCanvas(model.qr.image, ctx.t('qrLabel')));
    } else {
      qrBox.replaceChildren(h('div', { class: 'spinner', role: 'progressbar', 'aria-label': ctx.t('loading') }));
    }
  }

  function reloadQr() {
    model.expired = false;
    model.qr = null;
    fillQrBox();
    ctx.socket.send({ type: 'qr-restart' }).catch(() => {
      model.expired = true;
      fillQrBox();
    });
  }

  function switchTo(mode, label) {
    const go = (event) => {
      event.preventDefault();
      model.mode = mode;
      model.error = null;
      ctx.rerender();
    };
    return h('a', { href: '#', role: 'button', class: 'switch-link', onclick: go }, ctx.t(label));
  }

  function qrCard() {
    fillQrBox();
    const steps = ['pairingStep1', 'pairingStep2', 'pairingStep3', 'pairingStep4'];
    return [
      h('h1', {}, ctx.t('pairingTitle')),
      h(
        'div',
        { class: 'qr-row' },
        h(
          'ol',
          {},
          steps.map((step) => h('li', {}, ctx.t(step))),
        ),
        qrBox,
      ),
      switchTo('phone', 'linkWithPhone'),
    ];
  }

  function phoneCard() {
    const input = h('input', {
      type: 'tel',
      name: 'phone',
      value: model.phone,
      placeholder: '+1 555 010 0000',
      autocomplete: 'tel',
      'aria-label': ctx.t('phoneTitle'),
    });
    const submit = async (event) => {
      event.preventDefault();
      model.phone = input.value.trim();
      model.error = null;
      if (!PHONE.test(model.phone.replace(/[\s()-]/g, ''))) {
        model.error = 'phoneInvalid';
      } else {
        try {
          model.code = (await ctx.socket.send({ type: 'pair-code', phone: model.phone })).code;
          model.mode = 'code';
        } catch {
          model.error = 'phoneFailed';
        }
      }
      ctx.rerender();
    };
    return [
      h(
        'form',
        { class: 'phone-form', onsubmit: submit },
        h('h1', {}, ctx.t('phoneTitle')),
        h('p', {}, ctx.t('phoneHint')),
        input,
        model.error && h('p', { class: 'error', role: 'alert' }, ctx.t(model.error)),
        h('button', { type: 'submit' }, ctx.t('phoneNext')),
      ),
      switchTo('qr', 'linkWithQr'),
    ];
  }

  function codeCard() {
    return [
      h('h1', {}, ctx.t('codeTitle')),
      h('p', {}, ctx.t('codeHint', { phone: model.phone })),
      h('div', { class: 'pairing-code', 'aria-label': model.code }, `${model.code.slice(0, 4)}-${model.code.slice(4)}`),
      h('p', {}, ctx.t('codeSteps')),
      switchTo('qr', 'linkWithQr'),
    ];
  }

  const cards = { qr: qrCard, phone: phoneCard, code: codeCard };
  return {
    element: h(
      'div',
      { class: 'landing' },
      h('header', { class: 'brand' }, ctx.t('title')),
      h('div', { class: 'card' }, cards[model.mode]()),
    ),
    qrChanged: fillQrBox,
  };
}

/** The QR arrives as an image; drawing it yields the `<canvas>` the real page has. */
function qrCanvas(image, label) {
  const canvas = h('canvas', { width: 264, height: 264, role: 'img', 'aria-label': label });
  const picture = new Image();
  picture.onload = () => canvas.getContext('2d').drawImage(picture, 0, 0, canvas.width, canvas.height);
  picture.src = image;
  return canvas;
}
