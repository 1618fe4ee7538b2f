import type { SimFault } from './faults.ts';

interface FaultEntry {
  /** Bilingual: the panel serves agents and IT trainers in both languages. */
  label: string;
  hint: string;
  /** Numeric options the panel offers as inputs (see FAULT_OPTIONS for their rules). */
  fields?: ReadonlyArray<{ key: string; label: string }>;
}

/** How the control panel presents each fault. */
export const FAULT_CATALOG: Readonly<Record<SimFault, FaultEntry>> = {
  outage: {
    label: 'Outage · 服务中断',
    hint: 'Every WhatsApp request answers 503; the rest of the internet works. · 所有 WhatsApp 请求返回 503',
  },
  'server-error': {
    label: 'Server error · 服务器错误',
    hint: 'Socket and API answer 500; the page still loads. · 连接与接口返回 500',
  },
  latency: {
    label: 'Latency · 高延迟',
    hint: 'Every WhatsApp response is delayed. · 所有响应延迟',
    fields: [
      { key: 'ms', label: 'ms' },
      { key: 'jitterMs', label: 'jitter ms · 抖动' },
    ],
  },
  'socket-drop': {
    label: 'Socket drop · 连接断开',
    hint: 'Sockets close and reconnects fail; with flap ms they reconnect and drop again. · 连接断开（可设置抖动）',
    fields: [{ key: 'flapMs', label: 'flap ms · 间隔' }],
  },
  'stuck-pending': {
    label: 'Stuck messages · 消息卡住',
    hint: 'Sent messages keep their clock icon. · 已发送消息一直显示时钟图标',
  },
  'media-failure': {
    label: 'Media failure · 媒体失败',
    hint: 'Photos fail to download (open the chat with the photo). · 图片下载失败',
  },
  'qr-unavailable': {
    label: 'QR unavailable · 二维码不可用',
    hint: 'The pairing screen spins forever without a QR code. · 登录页面不显示二维码',
  },
  logout: {
    label: 'Log out · 登出',
    hint: 'The phone unlinks this computer: pages go back to the QR code. · 手机取消关联此电脑',
  },
  'browser-rejected': {
    label: 'Browser rejected · 浏览器被拒',
    hint: 'Every browser gets "update your browser"; sticky until the service worker is unregistered. · 提示更新浏览器',
  },
  crash: {
    label: 'Crash · 崩溃',
    hint: 'Open pages run out of memory and crash (about 20 s); reloads crash again until cleared. · 页面内存耗尽崩溃',
  },
  hang: {
    label: 'Hang · 无响应',
    hint: 'Open pages freeze; reloads freeze again until cleared. · 页面卡死',
  },
  'local-network-down': {
    label: 'Local network down · 本地网络断开',
    hint: 'Neither WhatsApp nor the rest of the internet answers. · 所有网络都不可用',
  },
  conflict: {
    label: 'Open elsewhere · 在别处打开',
    hint: 'WhatsApp is opened in another window: pages show "Use here" (CONFLICT) until someone presses it. · 其他窗口打开了 WhatsApp',
  },
  'account-blocked': {
    label: 'Account blocked · 账号被封禁',
    hint: 'WhatsApp bans the account: pages show the ban screen (TOS_BLOCK). · 账号被 WhatsApp 封禁',
  },
  'captive-portal': {
    label: 'Captive portal · 网络需登录',
    hint: 'Every WhatsApp request is redirected to a sign-in page on another origin. · 所有请求被重定向到登录页',
  },
  'proxy-auth': {
    label: 'Proxy 407 · 代理要求认证',
    hint: 'A proxy answers every WhatsApp request with 407 Proxy Authentication Required. · 代理返回 407',
  },
  'marker-drift': {
    label: 'Markup change · 界面改版',
    hint: 'Pages rename their message status icons, as a WhatsApp update would. · 消息状态图标改名',
  },
};
