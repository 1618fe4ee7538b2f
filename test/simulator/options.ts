import { z } from 'zod';
import { parseInput } from './errors.ts';
import { MIN_CHROME_MAJOR } from './browser-check.ts';
import { LANGS } from './i18n.ts';

/** WhatsApp Web's builds look like 2.3000.1031000000. */
export const BUILD_PATTERN = /^\d+\.\d+\.\d+$/;

const port = z.int().min(0).max(65_535);
const millis = z.int().min(0).max(600_000);

export const simulatorOptionsSchema = z
  .object({
    /** 0 picks a free port. */
    port: port.default(0),
    /** Port of the server standing for "the rest of the internet"; 0 picks a free port. */
    independentPort: port.default(0),
    host: z.string().min(1).default('127.0.0.1'),
    lang: z.enum(LANGS).default('en'),
    qrRefreshMs: z.int().min(50).max(600_000).default(20_000),
    qrRefreshesBeforeGivingUp: z.int().min(0).max(1_000).default(5),
    loadingMs: millis.default(300),
    /** Per status step: pending -> sent -> delivered. */
    ackDelayMs: millis.default(300),
    /** How long the socket must be down before the chat screen shows "Computer not connected". */
    offlineBannerMs: millis.default(3_000),
    /**
     * Generated contacts in the account's address book, besides the four fixture chats (see
     * address-book.ts). Their names are in the `lang` the simulator starts with.
     */
    addressBookSize: z.int().min(0).max(200_000).default(0),
    /**
     * Whether the page mirrors the address book into IndexedDB "model-storage" once logged in.
     * Off: the page never creates it, so the kiosk has only the chat list on screen to read.
     */
    modelStorage: z.boolean().default(true),
    /**
     * Which WhatsApp Web markup the page draws: '2026' (SVG-titled status icons, no class on
     * outgoing rows, no data-id on chat rows, the banner's container always in the page, the QR
     * retry button inside `div[data-ref] > span`) or 'legacy' (data-icon names, .message-out,
     * data-id on chat rows) so that tests show the probe works on both.
     */
    markup: z.enum(['2026', 'legacy']).default('2026'),
    /** WhatsApp Web's build as the page says it (`window.Debug.VERSION`); `setBuild` changes it. */
    build: z.string().regex(BUILD_PATTERN).default('2.3000.1031000000'),
    /** The oldest Chrome major the page accepts; older ones get the "update your browser" page. */
    minChromeMajor: z.int().min(1).max(10_000).default(MIN_CHROME_MAJOR),
  })
  .strict();

export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;
export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema>;

export function parseSimulatorOptions(input: unknown): SimulatorOptions {
  return parseInput(simulatorOptionsSchema, input ?? {}, 'simulator options');
}
