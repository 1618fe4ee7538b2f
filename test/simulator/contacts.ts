import type { Localized } from './i18n.ts';

/** The fake account's chats. Ids follow WhatsApp's `<number>@c.us` form, as in message ids. */
export interface Contact {
  id: string;
  name: Localized;
  /** The name the customer chose in their own WhatsApp (WhatsApp's "pushname"). */
  pushName: Localized;
  /** A WhatsApp Business account. */
  business?: true;
  incoming: readonly Localized[];
  /** This chat holds an incoming photo, the simulator's one media transfer. */
  photo?: { file: string; caption: Localized };
}

export const CONTACTS: readonly Contact[] = [
  {
    id: '15550100001@c.us',
    name: { en: 'Alice Johnson', zh: '张伟' },
    pushName: { en: 'Ali J', zh: '阿伟' },
    incoming: [
      { en: 'Hi, is my order on its way?', zh: '你好，我的订单发货了吗？' },
      { en: 'The number is 48213.', zh: '订单号是 48213。' },
    ],
  },
  {
    id: '15550100002@c.us',
    name: { en: 'Bob Smith', zh: '王芳' },
    pushName: { en: 'Bobby 📦', zh: '芳芳 📦' },
    incoming: [{ en: 'Here is the damaged parcel.', zh: '这是损坏的包裹。' }],
    photo: { file: 'photo.svg', caption: { en: 'Photo of the parcel', zh: '包裹照片' } },
  },
  {
    id: '15550100003@c.us',
    name: { en: 'Carol Lee', zh: '李娜' },
    pushName: { en: 'Carol', zh: '娜娜' },
    incoming: [{ en: 'Can I change my delivery address?', zh: '我可以修改收货地址吗？' }],
  },
  {
    id: '15550100004@c.us',
    name: { en: 'David Chen', zh: '刘洋' },
    pushName: { en: 'Chen Trading Co.', zh: '刘氏贸易' },
    business: true,
    incoming: [{ en: 'Thanks for your help!', zh: '谢谢你的帮助！' }],
  },
];
