/**
 * What the chat reader inside WhatsApp's page (preload/probe/chat-reader.ts) exchanges with the
 * core: its markers and its report. Types only; the core validates every report on arrival
 * (offline-queue/chat-report.ts).
 */
export type { ChatMarkers } from '../offline-queue/chat-markers.ts';
export type { ChatReport } from '../offline-queue/chat-report.ts';
