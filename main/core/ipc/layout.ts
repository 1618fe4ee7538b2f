/** Height of our status bar; the Electron shell places the WhatsApp view right below it. */
export const STATUS_BAR_HEIGHT_PX = 40;
