/**
 * Every visible string of the simulated WhatsApp page, in each UI language. Markers never come
 * from here: the kiosk must work whatever language the agent picked.
 */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  title: 'WhatsApp',
  loading: 'Loading your chats',
  pairingTitle: 'Steps to log in',
  pairingStep1: 'Open WhatsApp on your phone',
  pairingStep2: 'Tap Menu or Settings and select Linked devices',
  pairingStep3: 'Tap Link a device',
  pairingStep4: 'Point your phone at this screen to scan the QR code',
  qrLabel: 'Scan this QR code to link a device!',
  qrReload: 'Click to reload QR code',
  linkWithPhone: 'Link with phone number',
  linkWithQr: 'Link with QR code instead',
  phoneTitle: 'Enter phone number',
  phoneHint: 'Select a country and enter your WhatsApp phone number.',
  phoneNext: 'Next',
  phoneInvalid: 'Enter a valid phone number, including the country code.',
  phoneFailed: "Couldn't link device. Check your connection and try again.",
  codeTitle: 'Enter code on phone',
  codeHint: 'Linking WhatsApp account {phone}',
  codeSteps: 'On your phone, tap Link with phone number instead and enter this code.',
  chats: 'Chats',
  chatList: 'Chat list',
  selectChat: 'Select a chat to start messaging',
  compose: 'Type a message',
  send: 'Send',
  photo: 'Photo',
  mediaDownloading: 'Downloading…',
  mediaRetry: 'Retry',
  offlineTitle: 'Computer not connected',
  offlineHint: 'Make sure your computer has an active internet connection.',
  rejectedTitle: 'WhatsApp works with Google Chrome 120+',
  rejectedHint:
    'To use WhatsApp, update Chrome or use Mozilla Firefox, Safari, Microsoft Edge or Opera.',
  rejectedLink: 'Update Google Chrome',
  conflictText: 'WhatsApp is open in another window. Click "Use here" to use WhatsApp in this window.',
  useHere: 'Use here',
  blockedTitle: 'This account is not allowed to use WhatsApp',
  blockedText: 'This account can no longer use WhatsApp because it broke our Terms of Service.',
  invalidNumber: 'Phone number shared via url is invalid.',
  ok: 'OK',
  statusPending: ' Pending ',
  statusSent: ' Sent ',
  statusDelivered: ' Delivered ',
};

export type StringKey = keyof typeof en;

const zh: Record<StringKey, string> = {
  title: 'WhatsApp',
  loading: '正在加载您的对话',
  pairingTitle: '登录步骤',
  pairingStep1: '在手机上打开 WhatsApp',
  pairingStep2: '点击菜单或设置，然后选择已关联的设备',
  pairingStep3: '点击关联新设备',
  pairingStep4: '将手机对准此屏幕以扫描二维码',
  qrLabel: '扫描此二维码以关联设备！',
  qrReload: '点击重新加载二维码',
  linkWithPhone: '使用电话号码关联',
  linkWithQr: '改用二维码关联',
  phoneTitle: '输入电话号码',
  phoneHint: '请选择国家/地区并输入您的 WhatsApp 电话号码。',
  phoneNext: '下一步',
  phoneInvalid: '请输入有效的电话号码（包括国家/地区代码）。',
  phoneFailed: '无法关联设备。请检查网络连接后重试。',
  codeTitle: '在手机上输入代码',
  codeHint: '正在关联 WhatsApp 账号 {phone}',
  codeSteps: '在手机上点击改用电话号码关联，然后输入此代码。',
  chats: '对话',
  chatList: '对话列表',
  selectChat: '选择一个对话开始发送消息',
  compose: '输入消息',
  send: '发送',
  photo: '照片',
  mediaDownloading: '正在下载…',
  mediaRetry: '重试',
  offlineTitle: '电脑未连接',
  offlineHint: '请确保您的电脑已连接到互联网。',
  rejectedTitle: 'WhatsApp 适用于 Google Chrome 120 及以上版本',
  rejectedHint: '要使用 WhatsApp，请更新 Chrome，或使用 Mozilla Firefox、Safari、Microsoft Edge 或 Opera。',
  rejectedLink: '更新 Google Chrome',
  conflictText: 'WhatsApp 已在另一个窗口中打开。点击“在此使用”即可在此窗口中使用 WhatsApp。',
  useHere: '在此使用',
  blockedTitle: '此账号不可使用 WhatsApp',
  blockedText: '此账号违反了我们的服务条款，已无法再使用 WhatsApp。',
  invalidNumber: '通过网址分享的电话号码无效。',
  ok: '确定',
  statusPending: ' 待发送 ',
  statusSent: ' 已发送 ',
  statusDelivered: ' 已送达 ',
};

export const STRINGS: Readonly<Record<Lang, Record<StringKey, string>>> = { en, zh };

/** Text in both UI languages, for fixture data such as contact names. */
export type Localized = Readonly<Record<Lang, string>>;
