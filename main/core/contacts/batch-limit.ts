/**
 * Most contacts in one batch from the in-page reader. Kept apart from the batch schema so the
 * WhatsApp preload can use it without bundling the schema library into the page.
 */
export const WHATSAPP_BATCH_MAX = 500;
