import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteWire } from '../../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';

/** The agent's notes of one incident, shown with it in the incident list (as text). */
export function IncidentNotes({ kiosk, incidentId, refreshKey }: { kiosk: KioskApi | null; incidentId: number; refreshKey: string }) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState<NoteWire[]>([]);
  useEffect(() => {
    if (!kiosk) return;
    let current = true;
    kiosk
      .invoke('notes:of-incident', { incidentId })
      .then((list) => current && setNotes(list))
      .catch((error: unknown) => console.warn('kiosk: notes of incident failed', error));
    return () => {
      current = false;
    };
  }, [kiosk, incidentId, refreshKey]);
  if (notes.length === 0) return null;
  return (
    <div className="incident__notes" data-testid="incident-notes">
      <span className="muted">{t('notes.ofIncident')}</span>
      {notes.map((note) => (
        <p key={note.customer} className="queue__text">
          {note.customer ? `+${note.customer}: ` : null}
          {note.text}
        </p>
      ))}
    </div>
  );
}
