import type { SimAddressBookEntry, SimAddressBookSummary, SimContactOp } from './address-book.ts';
import type { ActiveFaultsSnapshot, FaultOptionsInput, SimFault } from './faults.ts';
import type { Lang } from './i18n.ts';
import type { MessageStatus } from './outbox.ts';

export interface SimClientState {
  id: string;
  connected: boolean;
  paired: boolean;
  qr: { ref: string | null; refreshes: number; expired: boolean };
  pairingCode: string | null;
}

export interface SimMessageState {
  id: string;
  chat: string;
  text: string;
  status: MessageStatus;
  at: number;
}

export interface SimState {
  lang: Lang;
  /** The server knows at least one linked device. */
  paired: boolean;
  devices: number;
  faults: ActiveFaultsSnapshot;
  /** Loaded pages, connected now or recently. */
  clients: SimClientState[];
  messages: SimMessageState[];
  /** The account's address book in size; `addressBook()` lists it. */
  addressBook: SimAddressBookSummary;
  /** The WhatsApp Web build pages load, whether it moved a marker, and the oldest Chrome accepted. */
  build: SimBuild;
  /** Requests for the page's cacheable asset that reached the server (a browser's HTTP cache keeps the rest). */
  assetFetches: number;
}

export interface SimBuild {
  version: string;
  /** This build draws the status icons under names the marker pack does not know (as the marker-drift fault). */
  movesMarker: boolean;
  minChromeMajor: number;
}

export interface SimulatorControl {
  /** The phone scans the QR code of the most recently connected page showing one. */
  scanQr(): Promise<void>;
  /** The phone enters the pairing code a page shows after "Link with phone number". */
  linkWithCode(code?: string): Promise<void>;
  setLanguage(lang: Lang): void;
  inject<F extends SimFault>(fault: F, opts?: FaultOptionsInput<F>): void;
  clear(fault?: SimFault): void;
  /**
   * Changes the phone's address book (all operations or none, 400 on a bad one); logged-in pages
   * apply it to IndexedDB "model-storage" and their chat list. Returns the book's new revision.
   */
  updateContacts(ops: SimContactOp | readonly SimContactOp[]): number;
  /** The address book as the phone has it now: every id with its "contact" and "chat" records. */
  addressBook(): SimAddressBookEntry[];
  state(): SimState;
  /** WhatsApp Web ships a new build: pages loaded from now on run it (a page already open keeps its build). */
  setBuild(version: string, opts?: { movesMarker?: boolean }): void;
  /** WhatsApp accepts only Chrome from this major on. */
  setMinChromeMajor(major: number): void;
  /** The open pages grow their JavaScript heap by `mb` and keep it (a leak). */
  growHeap(mb: number): void;
}

export interface Simulator {
  /** The simulated web.whatsapp.com. */
  url: string;
  /** Stands for "the rest of the internet": 204 on any path. */
  independentUrl: string;
  panelUrl: string;
  control: SimulatorControl;
  close(): Promise<void>;
}
