export interface ElectronHardening {
  /** `webPreferences.devTools` for every window and view. */
  devTools: boolean;
  /** 'none': `Menu.setApplicationMenu(null)`; 'default': Electron's menu (reload, DevTools...). */
  applicationMenu: 'none' | 'default';
}

/**
 * The installed kiosk offers agents no way around its locks: no DevTools (which could read
 * WhatsApp's session or call our API) and no default menu (whose shortcuts reload, zoom or open
 * DevTools). A development build (`app.isPackaged` false) keeps both for the developer.
 */
export function electronHardening(isPackaged: boolean): ElectronHardening {
  return isPackaged ? { devTools: false, applicationMenu: 'none' } : { devTools: true, applicationMenu: 'default' };
}
